"""Reference check for `riskwatch job ml-mortality`: the same cross-validation with scikit-learn,
on the same folds (the job's folds.csv), so the two AUCs can be compared fold by fold.

    python ml_mortality_reference.py --input ROWS.csv --folds reports/ml-mortality/folds.csv \
        --summary reports/ml-mortality/summary.json

Hyperparameters (label, features, C, the boosting settings) are read from the job's summary.json,
so both sides train the same models:
  logistic   SimpleImputer(mean) -> StandardScaler -> LogisticRegression(C, lbfgs)
  boosting   SimpleImputer(mean) -> StandardScaler -> HistGradientBoostingClassifier(max_iter,
             learning_rate, max_depth, min_samples_leaf, l2_regularization, max_bins, no early stop)
folds.csv has one line per row the job trained on (`row,fold`), in input order; the input must
have no skipped rows, which the script checks by count. Prints JSON: per model, AUC per fold and mean.
"""

import argparse
import csv
import json
import sys

import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler


def read_rows(path, features, label):
    with open(path, newline="") as handle:
        rows = list(csv.DictReader(handle))
    x = np.array([[float(row[name]) if row[name] != "" else np.nan for name in features] for row in rows])
    y = np.array([int(row[label]) for row in rows])
    return x, y


def read_folds(path):
    with open(path, newline="") as handle:
        return np.array([int(row["fold"]) for row in csv.DictReader(handle)])


def models(settings):
    boosting = settings["boosting"]
    return {
        "logistic": lambda: make_pipeline(
            SimpleImputer(strategy="mean"), StandardScaler(), LogisticRegression(C=settings["c"], max_iter=10_000, tol=1e-10)
        ),
        "boosting": lambda: make_pipeline(
            SimpleImputer(strategy="mean"),
            StandardScaler(),
            HistGradientBoostingClassifier(
                max_iter=boosting["trees"],
                learning_rate=boosting["learningRate"],
                max_depth=boosting["maxDepth"],
                max_leaf_nodes=None,
                min_samples_leaf=boosting["minSamplesLeaf"],
                l2_regularization=boosting["l2"],
                max_bins=boosting["maxBins"],
                early_stopping=False,
                random_state=0,
            ),
        ),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--input", required=True)
    parser.add_argument("--folds", required=True)
    parser.add_argument("--summary", required=True)
    args = parser.parse_args()
    with open(args.summary) as handle:
        settings = json.load(handle)["results"]["settings"]
    x, y = read_rows(args.input, settings["features"], settings["label"])
    folds = read_folds(args.folds)
    if len(folds) != len(y):
        sys.exit(f"{args.folds} has {len(folds)} rows but {args.input} has {len(y)}: the job skipped rows; compare on clean input")
    result = {}
    for name, build in models(settings).items():
        aucs = []
        for fold in range(int(folds.max()) + 1):
            test = folds == fold
            model = build().fit(x[~test], y[~test])
            aucs.append(float(roc_auc_score(y[test], model.predict_proba(x[test])[:, 1])))
        result[name] = {"foldAuc": aucs, "meanAuc": float(np.mean(aucs))}
    json.dump(result, sys.stdout, indent=2)
    print()


if __name__ == "__main__":
    main()
