#!/usr/bin/env python3
"""Train the FloWorx triage model (category, urgency, escalation) on Training/corpus with plain numpy.

    python3 Training/train.py                 # train on the whole corpus, write Training/model/triage-model.json
    python3 Training/train.py --cv 5          # 5-fold cross-validation (by business, and random), writes model/metrics.json
    python3 Training/train.py --eval-mailbox  # evaluate the committed model on Tests/Mailbox (held out, never trained on)

Model: multinomial logistic regression (softmax, L2) for category (classes outside the business's industry are
masked out) and urgency; binary logistic regression for escalation. Optimiser: full-batch L-BFGS written here.
Weights are pruned to the top-K per class by magnitude before export (and before scoring in CV).
"""
import argparse
import email
import hashlib
import json
import math
import os
import sys
import time
from email import policy
from email.utils import getaddresses

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import features as F  # noqa: E402

CATEGORIES = ["URGENT", "SALES", "SUPPORT", "MANAGER", "SUPPLIERS", "BANKING", "FORMSUB", "GOOGLE_REVIEW", "PHONE",
              "RECRUITMENT", "PROMO", "SOCIALMEDIA", "MISC", "SEASONAL", "MAINTENANCE", "PERMITS", "SUBCONTRACTORS",
              "INSURANCE", "WELLNESS"]
COMMON = CATEGORIES[:13]
EXTRAS = {"hvac": ["MAINTENANCE"], "pools_spas": ["SEASONAL"], "hot_tubs": ["SEASONAL"], "saunas_ice_baths": ["WELLNESS", "SEASONAL"],
          "roofing": ["INSURANCE"], "general_contractor": ["PERMITS", "SUBCONTRACTORS"]}
URGENCIES = ["low", "normal", "high", "critical"]
DRAFT_CATEGORIES = {"URGENT", "SALES", "SUPPORT", "FORMSUB", "SEASONAL", "MAINTENANCE", "PERMITS", "SUBCONTRACTORS",
                    "INSURANCE", "WELLNESS"}
CUSTOMER_ISSUE = DRAFT_CATEGORIES | {"PHONE", "GOOGLE_REVIEW", "SOCIALMEDIA"}
MODEL_VERSION = 1


# ------------------------------------------------------------------------------------------ loading

def parse_eml(data):
    """Raw RFC 5322 bytes -> the EmailMessage-like dict the features read."""
    m = email.message_from_bytes(data, policy=policy.default)

    def addr(h):
        v = m.get(h)
        if not v:
            return None
        lst = getaddresses([str(v)])
        return {"name": lst[0][0], "email": lst[0][1]} if lst else None

    text = html = None
    try:
        b = m.get_body(preferencelist=("plain",))
        text = b.get_content() if b else None
        b = m.get_body(preferencelist=("html",))
        html = b.get_content() if b else None
    except (KeyError, LookupError):
        pass
    atts = []
    for part in m.iter_attachments():
        atts.append({"filename": part.get_filename() or "", "content_type": part.get_content_type()})
    hdr = lambda k: str(m.get(k)) if m.get(k) is not None else None  # noqa: E731
    return {"from": addr("From"), "reply_to": addr("Reply-To"), "subject": str(m.get("Subject") or ""), "text": text, "html": html,
            "headers": {"auto_submitted": hdr("Auto-Submitted"), "list_unsubscribe": hdr("List-Unsubscribe"), "list_id": hdr("List-Id"),
                        "precedence": hdr("Precedence"), "x_autoreply": hdr("X-Autoreply"),
                        "x_auto_response_suppress": hdr("X-Auto-Response-Suppress"), "in_reply_to": hdr("In-Reply-To")},
            "attachments": atts}


def biz_context(client_config, managers, suppliers):
    b = client_config["business"]
    return {"industry": b["type"], "domain": b["email_domain"].lower(), "managers": {m["email"].lower() for m in managers},
            "supplier_domains": [d.lower() for s in suppliers for d in s.get("domains", [])],
            "supplier_names": {d.lower(): s["name"] for s in suppliers for d in s.get("domains", [])},
            "manager_names": {m["email"].lower(): m["name"] for m in managers}}


def load_corpus(corpus):
    if os.path.join("Tests", "Mailbox") in os.path.realpath(corpus):
        raise SystemExit("refusing to train on Tests/Mailbox: it is the held-out check")
    bizs = {b["id"]: biz_context(b["client_config"], b["managers"], b["suppliers"])
            for b in json.load(open(os.path.join(corpus, "businesses.json"), encoding="utf-8"))}
    rows = [json.loads(line) for line in open(os.path.join(corpus, "labels.jsonl"), encoding="utf-8")]
    msgs = [parse_eml(open(os.path.join(corpus, r["file"]), "rb").read()) for r in rows]
    return rows, msgs, [bizs[r["business"]] for r in rows]


def corpus_hash(corpus):
    """SHA-256 of the messages, the labels and the businesses. The labels are hashed in their original one-file form
    (each row with its `why` from reasons.jsonl, default JSON separators), so the hash does not depend on how they are
    stored and models trained before the split still match their corpus."""
    h = hashlib.sha256()
    for name in sorted(os.listdir(corpus)):
        if name == "labels.jsonl":
            why = {r["file"]: r["why"] for r in (json.loads(x) for x in open(os.path.join(corpus, "reasons.jsonl"), encoding="utf-8"))}
            rows = [json.loads(x) for x in open(os.path.join(corpus, name), encoding="utf-8")]
            h.update(name.encode())
            h.update("".join(json.dumps({**r, "why": why[r["file"]]}, ensure_ascii=False) + "\n" for r in rows).encode("utf-8"))
        elif name.endswith(".eml") or name == "businesses.json":
            h.update(name.encode())
            h.update(open(os.path.join(corpus, name), "rb").read())
    return h.hexdigest()


# ------------------------------------------------------------------------------------------ sparse design matrix

class CSR:
    def __init__(self, vecs, colmap=None):
        if colmap is None:
            cols = sorted({b for v in vecs for b in v})
            colmap = {b: i for i, b in enumerate(cols)}
        self.colmap = colmap
        ind, dat, ptr = [], [], [0]
        for v in vecs:
            for b, x in v.items():
                j = colmap.get(b)
                if j is not None:
                    ind.append(j)
                    dat.append(x)
            ptr.append(len(ind))
        self.indices = np.asarray(ind, dtype=np.int64)
        self.data = np.asarray(dat, dtype=np.float64)
        self.indptr = np.asarray(ptr, dtype=np.int64)
        self.n = len(vecs)
        self.d = len(colmap)
        self.rows = np.repeat(np.arange(self.n), np.diff(self.indptr))

    def dot(self, W):  # X W -> (n, C): gather weight rows, scale, sum per message
        out = np.zeros((self.n, W.shape[1]))
        nonempty = np.diff(self.indptr) > 0
        part = np.take(W, self.indices, axis=0)
        part *= self.data[:, None]
        out[nonempty] = np.add.reduceat(part, self.indptr[:-1][nonempty], axis=0)
        return out

    def tdot(self, G):  # X^T G -> (d, C): entries sorted by column once, then segment sums
        if not hasattr(self, "_perm"):
            self._perm = np.argsort(self.indices, kind="stable")
            cols = self.indices[self._perm]
            self._cols, self._starts = np.unique(cols, return_index=True)
            self._pdata = self.data[self._perm]
            self._prows = self.rows[self._perm]
        out = np.zeros((self.d, G.shape[1]))
        part = np.take(G, self._prows, axis=0)
        part *= self._pdata[:, None]
        out[self._cols] = np.add.reduceat(part, self._starts, axis=0)
        return out


def softmax_rows(Z):
    Z = Z - Z.max(axis=1, keepdims=True)
    E = np.exp(Z)
    return E / E.sum(axis=1, keepdims=True)


def train_softmax(X, y, C, mask=None, lam=1e-4, iters=150, weights=None):
    """Minimise mean weighted cross-entropy + lam/2 |W|^2 with L-BFGS (m=10, Armijo backtracking)."""
    n, d = X.n, X.d
    Y = np.zeros((n, C))
    Y[np.arange(n), y] = 1.0
    sw = np.ones(n) if weights is None else weights
    sw = sw / sw.sum()
    neg = np.where(mask, 0.0, -1e9) if mask is not None else 0.0

    def fg(theta):
        W = theta[:d * C].reshape(d, C)
        b = theta[d * C:]
        Z = X.dot(W) + b + neg
        P = softmax_rows(Z)
        loss = -np.sum(sw * np.log(np.maximum(P[np.arange(n), y], 1e-300))) + 0.5 * lam * np.sum(W * W)
        G = (P - Y) * sw[:, None]
        gW = X.tdot(G) + lam * W
        gb = G.sum(axis=0)
        return loss, np.concatenate([gW.ravel(), gb])

    theta = np.zeros(d * C + C)
    f, g = fg(theta)
    S, Yh = [], []
    for it in range(iters):
        q = g.copy()
        alphas = []
        for s, yv in reversed(list(zip(S, Yh))):
            rho = 1.0 / np.dot(yv, s)
            a = rho * np.dot(s, q)
            alphas.append((a, rho, s, yv))
            q -= a * yv
        if S:
            q *= np.dot(S[-1], Yh[-1]) / np.dot(Yh[-1], Yh[-1])
        for a, rho, s, yv in reversed(alphas):
            bcoef = rho * np.dot(yv, q)
            q += s * (a - bcoef)
        direction = -q
        gd = np.dot(g, direction)
        if gd >= 0:
            direction, gd, S, Yh = -g, -np.dot(g, g), [], []
        step = 1.0 if S else 1.0 / max(1.0, np.linalg.norm(g))
        while True:
            nt = theta + step * direction
            nf, ng = fg(nt)
            if nf <= f + 1e-4 * step * gd or step < 1e-10:
                break
            step *= 0.5
        s, yv = nt - theta, ng - g
        if np.dot(s, yv) > 1e-12:
            S.append(s)
            Yh.append(yv)
            if len(S) > 10:
                S.pop(0)
                Yh.pop(0)
        done = abs(f - nf) < 1e-7 * max(1.0, abs(f))
        theta, f, g = nt, nf, ng
        if done:
            break
    return theta[:d * C].reshape(d, C), theta[d * C:]


def prune(W, k):
    """Keep the k largest-magnitude weights per class (column), zero the rest."""
    W = W.copy()
    if k and W.shape[0] > k:
        for c in range(W.shape[1]):
            idx = np.argpartition(np.abs(W[:, c]), W.shape[0] - k)[: W.shape[0] - k]
            W[idx, c] = 0.0
    return W


# ------------------------------------------------------------------------------------------ model

def industry_mask(industry):
    allowed = set(COMMON) | set(EXTRAS.get(industry, []))
    return np.array([c in allowed for c in CATEGORIES])


class Model:
    def __init__(self, topk=2500, lam_cat=3e-5, lam_urg=3e-5, lam_esc=3e-5, esc_threshold=0.5):
        self.topk, self.lam = topk, (lam_cat, lam_urg, lam_esc)
        self.esc_threshold = esc_threshold

    def fit(self, vecs, rows, bizs, iters=200):
        X = CSR(vecs)
        self.cols = np.array(sorted(X.colmap, key=X.colmap.get))
        yc = np.array([CATEGORIES.index(r["category"]) for r in rows])
        yu = np.array([URGENCIES.index(r["urgency"]) for r in rows])
        ye = np.array([1 if r["escalate"] else 0 for r in rows])
        mask = np.stack([industry_mask(b["industry"]) for b in bizs])
        # Class-balanced sample weights (sqrt of inverse frequency) so rare extras are not swamped.
        def bal(y, C):
            cnt = np.bincount(y, minlength=C).astype(float)
            return 1.0 / np.sqrt(np.maximum(cnt[y], 1.0))
        Wc, bc = train_softmax(X, yc, len(CATEGORIES), mask, self.lam[0], iters)
        # Urgency is weighted the same way: critical and high are the rare classes and the ones that must not be missed.
        Wu, bu = train_softmax(X, yu, 4, None, self.lam[1], iters, bal(yu, 4))
        We, be = train_softmax(X, ye, 2, None, self.lam[2], iters, bal(ye, 2))
        self.Wc, self.bc = prune(Wc, self.topk), bc
        self.Wu, self.bu = prune(Wu, self.topk), bu
        we = (We[:, 1] - We[:, 0])[:, None]
        self.We, self.be = prune(we, self.topk), np.array([be[1] - be[0]])
        self.colmap = X.colmap
        return self

    def scores(self, vecs):
        X = CSR(vecs, self.colmap)
        return X.dot(self.Wc) + self.bc, X.dot(self.Wu) + self.bu, (X.dot(self.We) + self.be)[:, 0]

    def predict(self, vecs, facts, bizs):
        zc, zu, ze = self.scores(vecs)
        t = getattr(self, "temperature", 1.0)
        return [decide(zc[i], zu[i], ze[i], facts[i], bizs[i], self.esc_threshold, t) for i in range(len(vecs))]


def decide(zc, zu, ze, facts, biz, threshold, temperature=1.0):
    """The decision layer a Swift port reproduces: structural rules first, then the learned scores. `temperature`
    (calibrate.py) scales only the confidence: softmax(z / T) has the same argmax."""
    m = industry_mask(biz["industry"])
    zc = np.where(m, zc, -np.inf)
    pc = softmax_rows(zc[None, :] / temperature)[0]
    ci = int(np.argmax(pc))
    cat, conf = CATEGORIES[ci], float(pc[ci])
    reasons = ["model"]
    if facts["own_domain"]:  # Convention 1: internal mail is MANAGER, never escalated or drafted.
        cat, conf, reasons = "MANAGER", 1.0, ["own domain"]
    elif facts["auto"] == "auto-replied":  # Convention 6: RFC 3834 auto-replied is MISC.
        cat, conf, reasons = "MISC", 1.0, ["Auto-Submitted: auto-replied"]
    urg = URGENCIES[int(np.argmax(zu))]
    p_esc = 1.0 / (1.0 + math.exp(-ze))
    # Escalate on the learned score, or when a customer issue is rated high/critical (the convention's first clause).
    customer_issue = cat in CUSTOMER_ISSUE and not facts["supplier"]
    esc = (p_esc >= threshold or (customer_issue and urg in ("high", "critical"))) and not facts["own_domain"] and cat != "MISC"
    draft = (cat in DRAFT_CATEGORIES and not facts["own_domain"] and not facts["supplier"] and not facts["list_unsub"]
             and facts["precedence"] not in ("bulk", "list", "junk", "auto_reply"))
    if draft and cat == "FORMSUB":
        draft = facts["customer_in_form"] and urg != "low"  # the customer is in Reply-To or the fields; low = spam
    elif draft:
        draft = not facts["noreply"] and facts["auto"] in ("none", "no")
    return dict(category=cat, confidence=conf, urgency=urg, escalate=bool(esc), p_escalate=p_esc, draft=bool(draft), reasons=reasons,
                rule_escalate=bool(customer_issue and urg in ("high", "critical")),
                escalation_blocked=bool(facts["own_domain"] or cat == "MISC"))


def threshold_sweep(preds, golds):
    """Escalation recall (high/critical) and precision as the learned threshold moves; the rule part stays."""
    out = {}
    for t in (0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5, 0.6, 0.7):
        ps = [dict(p, escalate=(p["p_escalate"] >= t or p["rule_escalate"]) and not p["escalation_blocked"]) for p in preds]
        m = metrics(ps, golds)
        out[str(t)] = dict(recall_high_critical=m["escalation_recall_high_critical"], recall_all=m["escalation_recall_all"],
                           precision=m["escalation_precision"])
    return out


# ------------------------------------------------------------------------------------------ metrics

def metrics(preds, golds, urgency_mask=None):
    n = len(golds)
    cat = sum(p["category"] == g["category"] for p, g in zip(preds, golds)) / n
    um = [i for i in range(n) if golds[i].get("urgency") and (urgency_mask is None or urgency_mask[i])]
    ue = sum(preds[i]["urgency"] == golds[i]["urgency"] for i in um) / max(1, len(um))
    uw = sum(abs(URGENCIES.index(preds[i]["urgency"]) - URGENCIES.index(golds[i]["urgency"])) <= 1 for i in um) / max(1, len(um))
    hc = [i for i in range(n) if golds[i].get("urgency") in ("high", "critical") and golds[i]["escalate"]]
    rec_hc = sum(preds[i]["escalate"] for i in hc) / max(1, len(hc))
    pe = [i for i in range(n) if preds[i]["escalate"]]
    prec = sum(golds[i]["escalate"] for i in pe) / max(1, len(pe))
    ge = [i for i in range(n) if golds[i]["escalate"]]
    rec_all = sum(preds[i]["escalate"] for i in ge) / max(1, len(ge))
    dg = [i for i in range(n) if golds[i].get("draft")]
    dp = [i for i in range(n) if preds[i]["draft"]]
    d_rec = sum(preds[i]["draft"] for i in dg) / max(1, len(dg))
    d_prec = sum(bool(golds[i].get("draft")) for i in dp) / max(1, len(dp))
    never = sum(1 for i in dp if not golds[i].get("draft"))
    return dict(n=n, category_exact=round(cat, 4), urgency_exact=round(ue, 4), urgency_within_one=round(uw, 4), urgency_n=len(um),
                escalation_recall_high_critical=round(rec_hc, 4), escalation_recall_all=round(rec_all, 4),
                escalation_precision=round(prec, 4), escalations_expected=len(ge), escalations_predicted=len(pe),
                draft_recall=round(d_rec, 4), draft_precision=round(d_prec, 4), drafts_where_none_expected=never)


def confusion(preds, golds, top=12):
    from collections import Counter
    c = Counter((g["category"], p["category"]) for p, g in zip(preds, golds) if p["category"] != g["category"])
    return [f"{a}->{b}: {k}" for (a, b), k in c.most_common(top)]


def featurize(msgs, bizs):
    out = [F.extract(m, b) for m, b in zip(msgs, bizs)]
    return [o[0] for o in out], [o[1] for o in out]


def run_cv(rows, vecs, facts, bizs, k, args):
    results = {}
    rng = np.random.RandomState(args.seed)
    # Businesses of one industry go to different folds where possible (sorted by industry, dealt round-robin), so an
    # industry extra is always seen in training from another business of the same trade.
    ind_of = {r["business"]: r["industry"] for r in rows}
    biz_ids = sorted(ind_of)
    rng.shuffle(biz_ids)
    biz_ids.sort(key=lambda b: ind_of[b])
    schemes = {"by_business": [biz_ids.index(r["business"]) % k for r in rows],
               "random": list(rng.permutation(len(rows)) % k)}
    for name, fold_of in schemes.items():
        preds = [None] * len(rows)
        for f in range(k):
            tr = [i for i in range(len(rows)) if fold_of[i] != f]
            te = [i for i in range(len(rows)) if fold_of[i] == f]
            t0 = time.time()
            m = Model(args.topk, args.lam, args.lam, args.lam, args.esc_threshold).fit([vecs[i] for i in tr], [rows[i] for i in tr],
                                                                                   [bizs[i] for i in tr], args.iters)
            ps = m.predict([vecs[i] for i in te], [facts[i] for i in te], [bizs[i] for i in te])
            for i, p in zip(te, ps):
                preds[i] = p
            print(f"  [{name}] fold {f + 1}/{k}: {len(tr)} train, {len(te)} test, {time.time() - t0:.1f}s", flush=True)
        res = metrics(preds, rows)
        res["escalation_threshold_sweep"] = threshold_sweep(preds, rows)
        res["confusions"] = confusion(preds, rows)
        for lang in ("en", "fr", "es"):
            idx = [i for i in range(len(rows)) if rows[i]["lang"] == lang]
            res[f"category_exact_{lang}"] = round(sum(preds[i]["category"] == rows[i]["category"] for i in idx) / max(1, len(idx)), 4)
        results[name] = res
    return results


# ------------------------------------------------------------------------------------------ Tests/Mailbox

def load_mailbox(root):
    exp = json.load(open(os.path.join(root, "expectations.json")))
    clients = {}
    for c in sorted({e["client"] for e in exp}):
        d = json.load(open(os.path.join(root, "clients", c + ".json")))
        clients[c] = biz_context(d["client_config"], d["managers"], d["suppliers"])
    msgs, bizs, golds = [], [], []
    for e in exp:
        p = os.path.join(root, e["file"])
        if p.endswith(".eml"):
            m = parse_eml(open(p, "rb").read())
        else:
            j = json.load(open(p))
            m = {"from": j.get("from"), "reply_to": j.get("reply_to"), "subject": j.get("subject") or "", "text": j.get("text"),
                 "html": j.get("html"), "headers": j.get("headers") or {}, "attachments": j.get("attachments") or []}
        msgs.append(m)
        bizs.append(clients[e["client"]])
        golds.append(dict(category=e["category"], urgency=e.get("urgency"), escalate=bool(e.get("escalated")), draft=bool(e.get("draft")),
                          file=e["file"]))
    return msgs, bizs, golds, exp


def eval_mailbox(model, root):
    msgs, bizs, golds, exp = load_mailbox(root)
    vecs, facts = featurize(msgs, bizs)
    preds = model.predict(vecs, facts, bizs)
    res = {"explicit_urgency": metrics(preds, golds)}
    # Second view: urgency defaulted the way Tests/Mailbox/README derives rule facts (URGENT high, PROMO/SOCIALMEDIA low, else normal).
    g2 = [dict(g, urgency=g["urgency"] or ("high" if g["category"] == "URGENT" else "low" if g["category"] in ("PROMO", "SOCIALMEDIA")
                                           else "normal")) for g in golds]
    res["defaulted_urgency"] = metrics(preds, g2)
    # Third view: where Tests/Mailbox's labels contradict DOMAIN.md's conventions (or issue 10), relabel per the
    # conventions: "wants the owner" mail is content (SUPPORT) and escalated; supplier mail carrying List-Unsubscribe
    # is PROMO; a new 1-2 star review is high and escalated. Tests/Mailbox's escalation labels otherwise come from
    # each client's own rules, not from the conventions.
    g3 = []
    for m, g in zip(msgs, golds):
        g = dict(g)
        if "wants-owner" in g["file"] or "asks-for-owner" in g["file"]:
            g["category"], g["escalate"] = "SUPPORT", True
        if g["category"] == "SUPPLIERS" and (m.get("headers") or {}).get("list_unsubscribe"):
            g["category"] = "PROMO"
        if "review-1-star" in g["file"] or "review-2-star" in g["file"]:
            g["escalate"], g["urgency"] = True, g["urgency"] or "high"
        g3.append(g)
    res["conventions_adjusted"] = metrics(preds, g3)
    res["escalation_threshold_sweep"] = threshold_sweep(preds, golds)
    res["confusions"] = confusion(preds, golds, 20)
    res["misses"] = [f"{g['file']}: {g['category']} -> {p['category']}" for p, g in zip(preds, golds) if p["category"] != g["category"]]
    return res


# ------------------------------------------------------------------------------------------ export / import

def export(model, path, chash, n):
    def sparse(W):
        out = []
        for c in range(W.shape[1]):
            nz = np.nonzero(W[:, c])[0]
            bk = model.cols[nz]
            order = np.argsort(bk)
            out.append({"buckets": [int(x) for x in bk[order]], "weights": [float(f"{W[nz[o], c]:.4g}") for o in order]})
        return out

    doc = {
        "format": "floworx-triage-model", "version": MODEL_VERSION, "feature_version": F.FEATURE_VERSION,
        "training_set_sha256": chash, "training_messages": n,
        "features": {"hash": "fnv1a32-utf8", "buckets_log2": F.BUCKETS_LOG2, "max_body_tokens": F.MAX_BODY_TOKENS,
                     "char_ngrams": list(F.CHAR_NGRAMS), "namespaces": ["w:", "b:", "s:", "c:", "f:"],
                     "text_value": "log1p(count), L2-normalised over text features", "structural_value": 1.0},
        "categories": CATEGORIES, "industry_extras": EXTRAS, "urgencies": URGENCIES,
        "escalation_threshold": model.esc_threshold,
        "category": {"bias": [round(float(x), 5) for x in model.bc], "classes": sparse(model.Wc)},
        "urgency": {"bias": [round(float(x), 5) for x in model.bu], "classes": sparse(model.Wu)},
        "escalation": {"bias": round(float(model.be[0]), 5), "weights": sparse(model.We)[0]},
    }
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as fh:
        json.dump(doc, fh, separators=(",", ":"))
        fh.write("\n")


def load_model(path):
    doc = json.load(open(path))
    buckets = sorted({b for part in ("category", "urgency") for cl in doc[part]["classes"] for b in cl["buckets"]}
                     | set(doc["escalation"]["weights"]["buckets"]))
    colmap = {b: i for i, b in enumerate(buckets)}

    def dense(classes):
        W = np.zeros((len(buckets), len(classes)))
        for c, cl in enumerate(classes):
            for b, w in zip(cl["buckets"], cl["weights"]):
                W[colmap[b], c] = w
        return W

    m = Model(esc_threshold=doc["escalation_threshold"])
    m.temperature = doc.get("confidence_temperature", 1.0)
    m.colmap = colmap
    m.Wc, m.bc = dense(doc["category"]["classes"]), np.array(doc["category"]["bias"])
    m.Wu, m.bu = dense(doc["urgency"]["classes"]), np.array(doc["urgency"]["bias"])
    m.We, m.be = dense([doc["escalation"]["weights"]]), np.array([doc["escalation"]["bias"]])
    return m


def write_vectors(model, corpus, path, count=24):
    """Golden vectors for a port: per message the structural names, bucket values and every score."""
    rows, msgs, bizs = load_corpus(corpus)
    picks = []
    seen = set()
    for i, r in enumerate(rows):  # one or two of every category, plus every language
        key = (r["category"], r["lang"] if r["lang"] != "en" else "")
        if key not in seen and len(picks) < count * 2:
            seen.add(key)
            picks.append(i)
    # Plus messages that carry the cue features of feature version 2 (a vulnerable person, and its pairs).
    cue_picks = 0
    for i in range(len(rows) - 1, -1, -1):
        if cue_picks >= 8:
            break
        if i not in picks and any(n.startswith("risk_person+") for n in F.extract(msgs[i], bizs[i])[1]["names"]):
            picks.append(i)
            cue_picks += 1
    out = {"fnv1a32": {s: F.fnv1a32(s) for s in ["", "a", "w:furnace", "c:<fu", "f:own_domain", "b:smell gas", "w:été"]},
           "messages": []}
    for i in picks:
        vec, facts = F.extract(msgs[i], bizs[i])
        zc, zu, ze = model.scores([vec])
        d = decide(zc[0], zu[0], ze[0], facts, bizs[i], model.esc_threshold)
        out["messages"].append(dict(
            file=rows[i]["file"], business=rows[i]["business"],
            normalized_subject=F.normalize(msgs[i]["subject"] or ""),
            body_tokens_first_40=F.tokens(F.normalize(F.strip_reply(F.body_text(msgs[i]))))[:40],
            structural=facts["names"], buckets={str(b): round(v, 6) for b, v in sorted(vec.items())},
            category_scores=[round(float(x), 5) for x in zc[0]], urgency_scores=[round(float(x), 5) for x in zu[0]],
            escalation_score=round(float(ze[0]), 5),
            decision={k: d[k] for k in ("category", "urgency", "escalate", "draft")}))
    with open(path, "w", encoding="utf-8") as fh:
        json.dump(out, fh, ensure_ascii=False, indent=0)
        fh.write("\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", default=os.path.join(HERE, "corpus"))
    ap.add_argument("--model", default=os.path.join(HERE, "model", "triage-model.json"))
    ap.add_argument("--cv", type=int, default=0, help="k-fold cross-validation instead of training the export model")
    ap.add_argument("--eval-mailbox", action="store_true", help="evaluate --model on Tests/Mailbox (held out)")
    ap.add_argument("--mailbox", default=os.path.join(HERE, "..", "Tests", "Mailbox"))
    ap.add_argument("--topk", type=int, default=2500)
    ap.add_argument("--lam", type=float, default=3e-5)
    ap.add_argument("--iters", type=int, default=120)
    ap.add_argument("--esc-threshold", type=float, default=0.25)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--vectors", action="store_true", help="write model/test-vectors.json (golden values for a port)")
    a = ap.parse_args()
    mpath = os.path.join(os.path.dirname(a.model), "metrics.json")
    saved = json.load(open(mpath)) if os.path.exists(mpath) else {}
    if a.vectors:
        write_vectors(load_model(a.model), a.corpus, os.path.join(os.path.dirname(a.model), "test-vectors.json"))
        print("wrote", os.path.join(os.path.dirname(a.model), "test-vectors.json"))
        return
    if a.eval_mailbox:
        model = load_model(a.model)
        res = eval_mailbox(model, a.mailbox)
        print(json.dumps({k: v for k, v in res.items() if k != "misses"}, indent=1))
        print("misclassified:\n  " + "\n  ".join(res["misses"]))
        saved["tests_mailbox"] = res
        json.dump(saved, open(mpath, "w"), indent=1)
        return
    t0 = time.time()
    rows, msgs, bizs = load_corpus(a.corpus)
    vecs, facts = featurize(msgs, bizs)
    print(f"featurised {len(rows)} messages in {time.time() - t0:.1f}s; {len({b for v in vecs for b in v})} distinct buckets", flush=True)
    if a.cv:
        res = run_cv(rows, vecs, facts, bizs, a.cv, a)
        print(json.dumps(res, indent=1))
        saved["cv"] = dict(k=a.cv, topk=a.topk, lam=a.lam, esc_threshold=a.esc_threshold, **res)
        os.makedirs(os.path.dirname(mpath), exist_ok=True)
        json.dump(saved, open(mpath, "w"), indent=1)
        return
    model = Model(a.topk, a.lam, a.lam, a.lam, a.esc_threshold).fit(vecs, rows, bizs, a.iters)
    chash = corpus_hash(a.corpus)
    export(model, a.model, chash, len(rows))
    train_res = metrics(model.predict(vecs, facts, bizs), rows)
    print("training-set fit (not a generalisation figure):", json.dumps(train_res))
    print(f"wrote {a.model} ({os.path.getsize(a.model) / 1e6:.2f} MB) in {time.time() - t0:.1f}s")
    saved["model"] = dict(path=os.path.relpath(a.model, HERE), bytes=os.path.getsize(a.model), training_set_sha256=chash,
                          training_fit=train_res)
    json.dump(saved, open(mpath, "w"), indent=1)


if __name__ == "__main__":
    main()
