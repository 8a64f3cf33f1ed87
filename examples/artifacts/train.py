"""Trains the tiny model shipped in model/model.joblib (a 2-feature LogisticRegression).

Made with Python 3.7, scikit-learn 1.0.2, numpy 1.21 and joblib, the stack of AI Platform runtime 2.11, so that
the pickle loads on the prediction nodes. To rebuild it:

    python3.7 -m venv /tmp/skl && /tmp/skl/bin/pip install scikit-learn==1.0.2 joblib
    /tmp/skl/bin/python train.py
"""

import os

import joblib
import numpy as np
from sklearn.linear_model import LogisticRegression

rng = np.random.RandomState(0)
# Two features; the label is 1 when their sum is positive, with a little noise.
X = rng.normal(size=(200, 2))
y = (X[:, 0] + X[:, 1] + rng.normal(scale=0.3, size=200) > 0).astype(int)

model = LogisticRegression().fit(X, y)
out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "model", "model.joblib")
joblib.dump(model, out)
print("accuracy", model.score(X, y), "->", out, os.path.getsize(out), "bytes")
print("predict([[1, 1], [-1, -1]]) =", model.predict([[1.0, 1.0], [-1.0, -1.0]]).tolist())
