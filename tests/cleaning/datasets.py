"""Small labelled datasets shared by the cleaner and combined-sampler tests."""

from sklearn.datasets import make_classification

from smote_core.cleaning import _by_class as by_class

DATASETS = {
    "binary": dict(n_samples=300, n_classes=2, weights=[0.8, 0.2], class_sep=0.6, random_state=0),
    "three-class": dict(n_samples=400, n_classes=3, weights=[0.6, 0.3, 0.1], class_sep=0.5, random_state=1),
    "four-class": dict(n_samples=500, n_classes=4, weights=[0.4, 0.3, 0.2, 0.1], class_sep=0.8, random_state=2),
}


def make(name):
    """The named dataset as (X, y)."""
    return make_classification(n_features=4, n_informative=3, n_redundant=0, n_clusters_per_class=1,
                               **DATASETS[name])


# Routes a cleaner's exact search can take: one search over every row (few features), or, over
# many, one of ``_by_class``'s routes.
ROUTES = ("one search",) + by_class.ROUTES


def force_route(patch, route, cleaner_module):
    """Make the cleaner defined in ``cleaner_module`` take ``route`` whatever the data."""
    patch.setattr(cleaner_module, "searches_by_tree", lambda X, k: route == "one search")
    patch.setattr(by_class, "choose_route", lambda *args: route)
