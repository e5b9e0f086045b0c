"""Small labelled datasets shared by the cleaner and combined-sampler tests."""

from sklearn.datasets import make_classification

from smote_core.cleaning import _base as cleaning_base

DATASETS = {
    "binary": dict(n_samples=300, n_classes=2, weights=[0.8, 0.2], class_sep=0.6, random_state=0),
    "three-class": dict(n_samples=400, n_classes=3, weights=[0.6, 0.3, 0.1], class_sep=0.5, random_state=1),
    "four-class": dict(n_samples=500, n_classes=4, weights=[0.4, 0.3, 0.2, 0.1], class_sep=0.8, random_state=2),
}


def make(name):
    """The named dataset as (X, y)."""
    return make_classification(n_features=4, n_informative=3, n_redundant=0, n_clusters_per_class=1,
                               **DATASETS[name])


# Routes a cleaner's exact search can take: (one search over every row, class first with a KD-tree
# settling rows); the third is class by class with a full search per class.
ROUTES = {"one search": (True, False), "class first": (False, True), "class by class": (False, False)}


def force_route(patch, route, cleaner_module):
    """Make the cleaner defined in ``cleaner_module`` take ``route`` whatever the data."""
    by_tree, class_first = ROUTES[route]
    patch.setattr(cleaner_module, "searches_by_tree", lambda X, k: by_tree)
    patch.setattr(cleaning_base, "_class_first_pays_off", lambda *args: class_first)
