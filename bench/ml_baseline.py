"""scikit-learn's side of bench/ml.bench.mjs: same data, same split, same preprocessing.

Reads a JSON job on stdin, prints one JSON result. Uses Debian's python3-sklearn (/usr/bin/python3).
Also exports scikit-learn's bundled public data sets (no download) for the quality table.
"""
import csv, json, sys, time
import numpy as np
from sklearn.linear_model import LogisticRegression, LinearRegression
from sklearn.ensemble import RandomForestClassifier
from sklearn.metrics import roc_auc_score, mean_squared_error
from sklearn.preprocessing import StandardScaler, OneHotEncoder

job = json.load(sys.stdin)

if job["kind"] == "export":
    from sklearn import datasets
    out = {}
    for name, loader in [("breast_cancer", datasets.load_breast_cancer), ("diabetes", datasets.load_diabetes), ("wine", datasets.load_wine)]:
        d = loader()
        names = [f"f{i}" for i in range(d.data.shape[1])]
        path = f"{job['dir']}/{name}.csv"
        with open(path, "w", newline="") as f:
            w = csv.writer(f)
            w.writerow(names + ["target"])
            for row, t in zip(d.data.tolist(), d.target.tolist()):
                w.writerow(row + [t])
        out[name] = path
    print(json.dumps(out))
    sys.exit(0)

rows = list(csv.DictReader(open(job["csv"])))
split = json.load(open(job["split"]))
num, cat, target = job["numeric"], job["categorical"], job["target"]
def numbers(rs):
    return np.array([[float(r[c]) if r[c].strip() else np.nan for c in num] for r in rs]) if num else np.zeros((len(rs), 0))
tr = [rows[i] for i in split["train"]]
te = [rows[i] for i in split["test"]]
ntr, nte = numbers(tr), numbers(te)
mean = np.nanmean(ntr, axis=0) if num else None
if num:
    ntr = np.where(np.isnan(ntr), mean, ntr)
    nte = np.where(np.isnan(nte), mean, nte)
    scaler = StandardScaler().fit(ntr) if job.get("scale") else None
    if scaler is not None:
        ntr, nte = scaler.transform(ntr), scaler.transform(nte)
parts_tr, parts_te = [ntr], [nte]
if cat:
    oh = OneHotEncoder(handle_unknown="ignore").fit([[r[c] for c in cat] for r in tr])
    parts_tr.append(oh.transform([[r[c] for c in cat] for r in tr]).toarray())
    parts_te.append(oh.transform([[r[c] for c in cat] for r in te]).toarray())
Xtr, Xte = np.hstack(parts_tr), np.hstack(parts_te)
results = {}
for algo in job["algorithms"]:
    if algo == "linearRegression":
        ytr = np.array([float(r[target]) for r in tr]); yte = np.array([float(r[target]) for r in te])
        t = time.time(); m = LinearRegression().fit(Xtr, ytr); fit = time.time() - t
        results[algo] = {"rmse": float(np.sqrt(mean_squared_error(yte, m.predict(Xte)))), "fitSeconds": fit}
        continue
    pos = job["positive"]
    ytr = np.array([1 if r[target] == pos else 0 for r in tr]); yte = np.array([1 if r[target] == pos else 0 for r in te])
    if algo == "logisticRegression":
        m = LogisticRegression(max_iter=1000)
    else:
        m = RandomForestClassifier(n_estimators=job.get("trees", 100), random_state=1, n_jobs=1)
    t = time.time(); m.fit(Xtr, ytr); fit = time.time() - t
    results[algo] = {"auc": float(roc_auc_score(yte, m.predict_proba(Xte)[:, 1])), "fitSeconds": fit}
print(json.dumps(results))
