"""One local[2] Spark session for the Spark tests: no UI, few shuffle partitions, quiet logs.

PySpark and Java are required (no skip): ``make setup`` installs both; a missing one fails here.
"""

import signal
import warnings

import pytest


@pytest.fixture(scope="session")
def spark():
    warnings.filterwarnings("ignore", category=FutureWarning, module="pyspark")
    from smote_core.spark import local_session

    interrupt = signal.getsignal(signal.SIGINT)  # PySpark replaces it with a job-cancelling handler
    session = local_session("local[2]", driver_memory="1g", app_name="smote-lab-tests")
    session.conf.set("spark.sql.shuffle.partitions", "4")
    yield session
    session.stop()
    signal.signal(signal.SIGINT, interrupt)
