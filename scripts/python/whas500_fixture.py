"""Rebuilds pipelines/ml-mortality/fixtures/whas500.csv from the copy of the Worcester Heart Attack
Study (WHAS500) data that the scikit-survival wheel ships (sksurv/datasets/data/whas500.arff).

    pip download --no-deps --only-binary=:all: scikit-survival==0.28.0 -d /tmp/sksurv
    python3 scripts/python/whas500_fixture.py /tmp/sksurv/scikit_survival-*.whl > pipelines/ml-mortality/fixtures/whas500.csv

The label, `died`, is death within one year of admission (fstat = 1 and lenfol <= 365 days). Every patient
alive at the end of follow-up was followed for at least 368 days, so the label is known for all
500. lenfol and fstat themselves are left out: they would give the label away.
"""

import sys
import zipfile

FEATURES = ["age", "gender", "hr", "sysbp", "diasbp", "bmi", "cvd", "afb", "sho", "chf", "av3", "miord", "mitype", "los"]
YEAR_DAYS = 365


def main(wheel: str) -> None:
    with zipfile.ZipFile(wheel) as archive:
        text = archive.read("sksurv/datasets/data/whas500.arff").decode("utf-8")
    names = [line.split()[1] for line in text.splitlines() if line.upper().startswith("@ATTRIBUTE")]
    data = text.split("@DATA", 1)[1].split()
    print(",".join([*FEATURES, "died"]))
    for line in data:
        row = dict(zip(names, line.split(",")))
        died = row["fstat"] == "1" and float(row["lenfol"]) <= YEAR_DAYS
        print(",".join([*(row[name] for name in FEATURES), "1" if died else "0"]))


if __name__ == "__main__":
    main(sys.argv[1])
