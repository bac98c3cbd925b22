#!/usr/bin/python3
"""The MSMA authors' GMM selection with scikit-learn (their train_gmm): StandardScaler +
GaussianMixture in GridSearchCV, k in {2,...,20}, cv=10, then a refit. Times it."""
import sys, time
import numpy as np
from sklearn.mixture import GaussianMixture
from sklearn.model_selection import GridSearchCV
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.metrics import roc_auc_score

d = sys.argv[1] if len(sys.argv) > 1 else "tests/data/msma-cifar10"
jobs = int(sys.argv[2]) if len(sys.argv) > 2 else 2
train = np.load(d + "/train_cifar10.npy"); test = np.load(d + "/test_cifar10.npy"); svhn = np.load(d + "/ood_svhn.npy")
t0 = time.time()
pipe = Pipeline([("scaler", StandardScaler()), ("GMM", GaussianMixture(random_state=0))])
grid = GridSearchCV(pipe, dict(GMM__n_components=range(2, 21, 2), GMM__covariance_type=["full"]), cv=10, n_jobs=jobs)
grid.fit(train)
best = pipe.set_params(**grid.best_params_).fit(train)
sec = time.time() - t0
print(f"sklearn_gmm_selection_seconds {sec:.2f}")
print(f"sklearn_chosen_k {grid.best_params_['GMM__n_components']}")
s_in, s_out = -best.score_samples(test), -best.score_samples(svhn)
print(f"sklearn_svhn_auroc {100 * roc_auc_score(np.r_[np.zeros(len(s_in)), np.ones(len(s_out))], np.r_[s_in, s_out]):.4f}")
