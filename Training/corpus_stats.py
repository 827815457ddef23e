#!/usr/bin/env python3
"""Variety and duplication figures for Training/corpus (printed, and written to Training/model/corpus-stats.json).

    python3 Training/corpus_stats.py
"""
import email
import json
import os
import random
import sys
from collections import Counter
from email import policy

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import features as F  # noqa: E402
import train as T  # noqa: E402


def main():
    corpus = os.path.join(HERE, "corpus")
    rows = [json.loads(x) for x in open(os.path.join(corpus, "labels.jsonl"), encoding="utf-8")]
    bodies, toks, mime, charsets, cte, enc_subj, senders, auto, rt = [], [], Counter(), Counter(), Counter(), 0, set(), Counter(), 0
    total_bytes = 0
    for r in rows:
        raw = open(os.path.join(corpus, r["file"]), "rb").read()
        total_bytes += len(raw)
        m = email.message_from_bytes(raw, policy=policy.default)
        mime[m.get_content_type() if not m.is_multipart() else m.get_content_type() + "(" + ",".join(p.get_content_type() for p in m.iter_parts()) + ")"] += 1
        for part in m.walk():
            if not part.is_multipart():
                charsets[part.get_content_charset() or "-"] += 1
                cte[part.get("Content-Transfer-Encoding", "7bit")] += 1
        if b"=?" in raw.split(b"\r\n\r\n", 1)[0]:
            enc_subj += 1
        senders.add(str(m["From"]).split("<")[-1].strip(">").split("@")[-1].lower())
        auto[str(m.get("Auto-Submitted", "none"))] += 1
        rt += 1 if m.get("Reply-To") else 0
        msg = T.parse_eml(raw)
        b = F.normalize(F.strip_reply(F.body_text(msg)))
        bodies.append(b)
        toks.append(set(F.tokens(b)))
    rnd = random.Random(1)
    pairs = [(rnd.randrange(len(rows)), rnd.randrange(len(rows))) for _ in range(20000)]
    pairs = [(i, j) for i, j in pairs if i != j]

    def jac(i, j):
        a, b = toks[i], toks[j]
        return len(a & b) / max(1, len(a | b))

    overall = sum(jac(i, j) for i, j in pairs) / len(pairs)
    by_cat = {}
    for c in sorted({r["category"] for r in rows}):
        idx = [k for k, r in enumerate(rows) if r["category"] == c]
        ps = [(rnd.choice(idx), rnd.choice(idx)) for _ in range(3000)]
        ps = [(i, j) for i, j in ps if i != j]
        by_cat[c] = round(sum(jac(i, j) for i, j in ps) / max(1, len(ps)), 3)
    # Near duplicates: for a sample of messages, the closest other message of the same category.
    near = 0
    sample = rnd.sample(range(len(rows)), 400)
    for i in sample:
        same = [k for k, r in enumerate(rows) if r["category"] == rows[i]["category"] and k != i]
        if max(jac(i, k) for k in same) >= 0.8:
            near += 1
    human = [k for k, r in enumerate(rows) if r["style"] not in ("machine", "relay")]
    near_h = 0
    sample_h = rnd.sample(human, min(300, len(human)))
    for i in sample_h:
        same = [k for k in human if rows[k]["category"] == rows[i]["category"] and k != i]
        if same and max(jac(i, k) for k in same) >= 0.8:
            near_h += 1
    stats = dict(
        messages=len(rows), total_eml_bytes=total_bytes, distinct_bodies=len(set(bodies)),
        distinct_body_fraction=round(len(set(bodies)) / len(rows), 4),
        mean_pairwise_jaccard_words=round(overall, 4), mean_pairwise_jaccard_within_category=by_cat,
        near_duplicate_fraction_jaccard_ge_0_8=round(near / len(sample), 4),
        near_duplicate_fraction_customer_written=round(near_h / max(1, len(sample_h)), 4),
        categories=dict(Counter(r["category"] for r in rows).most_common()),
        industries=dict(Counter(r["industry"] for r in rows).most_common()),
        businesses=len({r["business"] for r in rows}),
        languages=dict(Counter(r["lang"] for r in rows).most_common()),
        styles=dict(Counter(r["style"] for r in rows).most_common()),
        kinds=len({r["kind"] for r in rows}),
        urgency=dict(Counter(r["urgency"] for r in rows).most_common()),
        escalate=sum(r["escalate"] for r in rows), draft=sum(r["draft"] for r in rows),
        mime_structures=dict(mime.most_common()), part_charsets=dict(charsets.most_common()),
        transfer_encodings=dict(cte.most_common()), rfc2047_encoded_headers=enc_subj,
        distinct_sender_domains=len(senders), auto_submitted=dict(auto.most_common()), with_reply_to=rt,
    )
    print(json.dumps(stats, indent=1, ensure_ascii=False))
    os.makedirs(os.path.join(HERE, "model"), exist_ok=True)
    with open(os.path.join(HERE, "model", "corpus-stats.json"), "w", encoding="utf-8") as fh:
        json.dump(stats, fh, indent=1, ensure_ascii=False)
        fh.write("\n")


if __name__ == "__main__":
    main()
