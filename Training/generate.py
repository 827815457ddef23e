#!/usr/bin/env python3
"""Generate the FloWorx triage training corpus: raw RFC 5322 .eml files plus labels.jsonl.

    python3 Training/generate.py            # writes Training/corpus/ (deterministic for a given --seed)
    python3 Training/generate.py --seed 7 --count 1800 --out /tmp/corpus

Standard library only. Messages are composed from building blocks in corpus_data.py and phrases.py
(templates x slot fillers x writing styles x noise: typos, signatures, quoted replies, MIME variants).
Labels follow the "Triage conventions" of DOMAIN.md; each label line carries a short `why`.
Nothing here is taken from Tests/Mailbox, which stays held out for evaluation.
"""
import argparse
import hashlib
import json
import os
import random
import sys
from email.charset import Charset, QP, BASE64
from email.header import Header
from email.mime.application import MIMEApplication
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.utils import formataddr, format_datetime
import datetime as dt
import html as htmllib

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import corpus_data as D  # noqa: E402
import phrases as P  # noqa: E402
import phrases_routine as R  # noqa: E402
import phrases_variety as V  # noqa: E402

CUSTOMER_CATS = {"URGENT", "SALES", "SUPPORT", "FORMSUB", "SEASONAL", "MAINTENANCE", "PERMITS", "SUBCONTRACTORS",
                 "INSURANCE", "WELLNESS"}


class Gen:
    def __init__(self, seed):
        self.r = random.Random(seed)
        self.n = 0

    # ---------------------------------------------------------------- small helpers
    def c(self, xs):
        return xs[self.r.randrange(len(xs))]

    def p(self, prob):
        return self.r.random() < prob

    def person(self, lang):
        lang = lang if lang in D.FIRST else "en"
        first, last = self.c(D.FIRST[lang]), self.c(D.LAST[lang])
        a = self.r.randrange(6)
        f2, l2 = ascii_fold(first).lower(), ascii_fold(last).lower().replace("'", "")
        local = [f"{f2}.{l2}", f"{f2[0]}{l2}", f"{f2}{l2}{self.r.randrange(10, 99)}", f"{l2}.{f2}", f"{f2}_{l2[:4]}",
                 f"{f2}{self.r.randrange(1960, 2005)}"][a]
        return first, last, f"{local}@{self.c(D.FREEMAIL)}"

    def phone(self, biz):
        return f"{biz['phone'][:3]}-555-{self.r.randrange(100, 9999):04d}"

    def addr(self, lang):
        n = self.r.randrange(12, 9800)
        if lang == "fr":
            return f"{n} {self.c(D.STREETS_FR)}"
        if lang == "es":
            return f"{n} {self.c(D.STREETS_ES)}"
        return f"{n} {self.c(D.STREETS)}"

    def lang_for(self, biz):
        if getattr(self, "variety", False) and self.p(0.3):
            # The variety part: a French- or Spanish-writing customer at any business, not only the three whose
            # clientele is (by-business CV showed that language followed the business).
            return self.c(["fr", "es"])
        x, acc = self.r.random(), 0.0
        for k, v in biz["langs"].items():
            acc += v
            if x < acc:
                return k
        return "en"

    def fill(self, s, biz, lang="en", **kw):
        vals = dict(biz=biz["name"], city=biz["city"], mgr=biz["managers"][0][0].split()[0],
                    room=self.c(D.ROOMS), room2=self.c(["kitchen", "bathroom", "laundry"]), room_fr=self.c(D.ROOMS_FR),
                    room_es=self.c(D.ROOMS_ES), kid=self.c(D.KIDS), appliance=self.c(D.APPLIANCES),
                    temp=self.r.randrange(22, 41), vulnerable=self.c(D.VULNERABLE), vulnerable2=self.c(D.VULNERABLE2),
                    vulnerable_es=self.c(D.VULNERABLE_ES), year=self.r.randrange(1952, 2022), month=self.c(P.MONTHS),
                    month_fr=self.c(P.MONTHS_FR), month_es=self.c(P.MONTHS_ES), day=self.c(P.DAYS), day_fr=self.c(P.DAYS_FR),
                    day_es=self.c(P.DAYS_ES), amount=f"${self.r.randrange(89, 14999):,}", inv=self.r.randrange(1000, 99999),
                    equip=self.c(D.INDUSTRY[biz["type"]]["equip"]), phone=self.phone(biz), addr=self.addr(lang))
        vals.update(kw)
        return s.format(**vals)

    def bank(self, biz, key, lang):
        """An industry phrase in `lang` (falls back to the generic bank or English)."""
        ind = D.INDUSTRY[biz["type"]]
        if getattr(self, "variety", False):
            if key in ("crit", "high") and self.p(0.75):
                banks = V.EMERGENCY[lang]
                return self.c((banks.get(biz["type"]) or banks["_generic"])[key] if self.p(0.7) else banks["_generic"][key])
            extra = V.EXTRA.get(biz["type"], {}).get(key)
            if extra and self.p(0.75):
                return self.c(extra.get(lang) or extra["en"])
        if getattr(self, "contrast", False) and lang == "en" and key in ("crit", "high") and biz["type"] in R.EMERGENCY and self.p(0.7):
            return self.c(R.EMERGENCY[biz["type"]][key])
        if lang != "en" and lang in ind and ind[lang].get(key):
            pool = list(ind[lang][key])
            if key in ("crit", "high"):
                pool += D.GENERIC_CRIT[lang] if key == "crit" else D.GENERIC_HIGH[lang]
            return self.c(pool)
        if lang != "en" and key in ("crit", "high"):
            return self.c(D.GENERIC_CRIT[lang] if key == "crit" else D.GENERIC_HIGH[lang])
        pool = list(ind.get(key, []))
        if key == "crit" and self.p(0.3):
            pool = D.GENERIC_CRIT["en"]
        if key == "high" and self.p(0.25):
            pool = D.GENERIC_HIGH["en"]
        return self.c(pool)

    # ---------------------------------------------------------------- style and noise
    def style_for(self, lang):
        return self.c(["plain", "plain", "terse", "terse", "rambling", "formal", "angry", "nonnative"] if lang == "en"
                      else ["plain", "plain", "terse", "formal", "rambling"])

    def apply_style(self, text, style, lang):
        if style == "terse":
            for a, b in P.TERSE:
                if self.p(0.6):
                    text = text.replace(a, b)
            text = text.replace(".\n", "\n")
            if self.p(0.6):
                text = text.lower()
        elif style == "nonnative" and lang == "en":
            for a, b in P.NONNATIVE:
                if self.p(0.45):
                    text = text.replace(a, b, 1)
        elif style == "angry":
            words = text.split(" ")
            for i in range(len(words)):
                if len(words[i]) > 4 and self.p(0.12):
                    words[i] = words[i].upper()
            text = " ".join(words).replace(".", self.c([".", "!", "!!", "."]), 2)
        return self.typos(text, 0.25 if style == "terse" else 0.12)

    def typos(self, text, prob):
        if not self.p(prob):
            return text
        words = text.split(" ")
        for _ in range(self.r.randrange(1, 4)):
            i = self.r.randrange(len(words))
            w = words[i]
            if len(w) > 4 and w.isalpha():
                j = self.r.randrange(1, len(w) - 2)
                words[i] = w[:j] + w[j + 1] + w[j] + w[j + 2:]
        return " ".join(words)

    def signature(self, lang, first, last, phone=None):
        k = self.r.randrange(7)
        if k == 0:
            return ""
        if k == 1:
            return f"\n{first}"
        if k == 2:
            return f"\n{first} {last}" + (f"\n{phone}" if phone else "")
        if k == 3:
            return f"\n{first}\n\n{self.c(P.SIGNOFF_DEVICE[lang])}"
        if k == 4:
            return f"\n-- \n{first} {last}\n{phone or ''}"
        if k == 5:
            return f"\n{first[0]}."
        return f"\n\n{self.c(P.SIGNOFF_DEVICE[lang])}"

    def quoted(self, biz, lang):
        mgr = self.c(biz["managers"])
        d = self.date(biz) - dt.timedelta(days=self.r.randrange(1, 20))
        lines = [f"Thanks for reaching out to {biz['name']}.", "We have you down for a visit next week.",
                 "Please find the estimate attached.", "Let us know if you have any questions.",
                 f"Our office is open weekdays, call {biz['phone']}."]
        body = "\n".join("> " + x for x in self.r.sample(lines, 3))
        intro = {"en": f"On {format_datetime(d)}, {mgr[0]} <{mgr[1]}@{biz['domain']}> wrote:",
                 "fr": f"Le {d.strftime('%d/%m/%Y')}, {mgr[0]} <{mgr[1]}@{biz['domain']}> a écrit :",
                 "es": f"El {d.strftime('%d/%m/%Y')}, {mgr[0]} <{mgr[1]}@{biz['domain']}> escribió:"}[lang]
        if self.p(0.3):
            return (f"\n\n-----Original Message-----\nFrom: {mgr[0]} <{mgr[1]}@{biz['domain']}>\nSent: {format_datetime(d)}\n"
                    f"Subject: Your appointment\n\n" + body.replace("> ", ""))
        return f"\n\n{intro}\n{body}"

    def date(self, biz):
        base = dt.datetime(2025, 9, 1, tzinfo=dt.timezone.utc)
        t = base + dt.timedelta(minutes=self.r.randrange(0, 400 * 24 * 60))
        return t.astimezone(dt.timezone(dt.timedelta(hours=biz["offset"])))

    # ---------------------------------------------------------------- customer text
    def compose(self, biz, lang, style, opening, more=(), ask=None, contact=True, first="", last="", ramble=None):
        """A customer-written body: greeting, opening, details, ask, contact, closing, signature."""
        parts = []
        g = self.fill(self.c(P.GREET[lang]), biz, lang)
        if style == "formal" and lang == "en":
            g = self.c(["Dear Sir or Madam,", f"Dear {biz['name']} team,", "To whom it may concern,"])
        if style != "terse" and g:
            parts.append(g)
        sent = [opening]
        if style == "formal" and lang == "en":
            sent[0] = "I am writing regarding the following. " + opening[0].upper() + opening[1:]
        if ramble is None:
            ramble = style == "rambling"
        if ramble:
            extra = self.r.sample(P.RAMBLE[lang], min(len(P.RAMBLE[lang]), self.r.randrange(2, 4)))
            sent = extra[:1] + sent + extra[1:]
        sent += list(more)
        if ask:
            sent.append(ask)
        phone = self.phone(biz)
        if contact and self.p(0.7):
            sent.append(self.fill(self.c(P.CONTACT[lang]), biz, lang, phone=phone))
        body = (" " if style == "terse" else "\n\n" if ramble else " ").join(s for s in sent if s)
        parts.append(body)
        if style != "terse":
            cl = self.c(P.CLOSE[lang])
            if style == "formal" and lang == "en":
                cl = self.c(["Kind regards,", "Sincerely,", "Yours truly,"])
            if cl:
                parts.append(cl)
        text = "\n\n".join(parts)
        text = self.apply_style(text, style, lang)
        text += self.signature(lang, first, last, phone if self.p(0.5) else None)
        return text + "\n"

    def pick_more(self, bank, lang, biz, k):
        pool = bank[lang]
        return [self.fill(x, biz, lang) for x in self.r.sample(pool, min(k, len(pool)))]

    def cap(self, s):
        return s[0].upper() + s[1:] if s else s

    # ---------------------------------------------------------------- message assembly
    def message(self, biz, *, from_name, from_addr, subject, text=None, html=None, reply_to=None, headers=None,
                attach=None, lang="en", mime=None, to=None):
        self.n += 1
        d = self.date(biz)
        charset = "utf-8"
        if lang in ("fr", "es") and self.p(0.35):
            charset = self.c(["iso-8859-1", "windows-1252"])
            try:
                (text or "").encode(charset)
                (html or "").encode(charset)
                subject.encode(charset)
            except UnicodeEncodeError:
                charset = "utf-8"
        mime = mime or self.c(["plain", "plain", "alt", "alt", "html"] if html is None else ["alt", "alt", "html"])
        if text is None and mime in ("plain", "alt"):
            mime = "html"
        if html is None and mime in ("alt", "html"):
            html = text_to_html(text)
        cs = Charset(charset)
        cs.body_encoding = self.c([QP, BASE64]) if charset == "utf-8" else self.c([QP, QP, BASE64])

        def part(body, sub):
            body = body.replace("\r\n", "\n")
            try:
                body.encode("ascii")
                if self.p(0.7):
                    return MIMEText(body, sub, "us-ascii")
            except UnicodeEncodeError:
                pass
            return MIMEText(body, sub, cs)

        if mime == "plain":
            msg = part(text, "plain")
        elif mime == "html":
            msg = part(html, "html")
        else:
            msg = MIMEMultipart("alternative", boundary=f"=_alt_{self.n:05d}_{self.r.randrange(10**8):08d}")
            msg.attach(part(text, "plain"))
            msg.attach(part(html, "html"))
        if attach:
            outer = MIMEMultipart("mixed", boundary=f"=_mix_{self.n:05d}_{self.r.randrange(10**8):08d}")
            outer.attach(msg)
            for fname, ctype in attach:
                maintype, subtype = ctype.split("/")
                blob = hashlib.sha256(f"{self.n}{fname}".encode()).digest() * 8
                if maintype == "application":
                    a = MIMEApplication(b"%PDF-1.4\n" + blob if subtype == "pdf" else blob, subtype)
                else:
                    a = MIMEApplication(blob, subtype)
                    a.replace_header("Content-Type", ctype)
                a.add_header("Content-Disposition", "attachment", filename=fname)
                outer.attach(a)
            msg = outer
        fn = encode_display(from_name, self) if from_name else ""
        msg["From"] = formataddr((fn, from_addr)) if fn else from_addr
        msg["To"] = to or formataddr((biz["name"], f"{self.c(['info', 'office', 'service', 'hello', 'contact'])}@{biz['domain']}"))
        msg["Subject"] = encode_subject(subject, self)
        msg["Date"] = format_datetime(d)
        msg["Message-ID"] = f"<{hashlib.sha1(f'{self.n}-{from_addr}-{subject}'.encode()).hexdigest()[:20]}@{from_addr.split('@')[1]}>"
        if reply_to:
            msg["Reply-To"] = formataddr((encode_display(reply_to[0], self), reply_to[1])) if reply_to[0] else reply_to[1]
        for k, v in (headers or {}).items():
            msg[k] = v
        if "MIME-Version" not in msg:
            msg["MIME-Version"] = "1.0"
        return msg


def ascii_fold(s):
    import unicodedata
    return "".join(ch for ch in unicodedata.normalize("NFKD", s) if not unicodedata.combining(ch))


def encode_subject(s, g):
    try:
        s.encode("ascii")
        if not g.p(0.08):
            return s
    except UnicodeEncodeError:
        pass
    cs = "utf-8"
    try:
        s.encode("iso-8859-1")
        if g.p(0.4):
            cs = "iso-8859-1"
    except UnicodeEncodeError:
        pass
    return Header(s, cs).encode()


def encode_display(s, g):
    try:
        s.encode("ascii")
        return s
    except UnicodeEncodeError:
        return Header(s, "utf-8").encode()


def text_to_html(text):
    paras = [p for p in text.split("\n\n")]
    out = "".join(f"<p>{htmllib.escape(p).replace(chr(10), '<br>')}</p>" for p in paras)
    return f"<html><body><div dir=\"ltr\">{out}</div></body></html>"


# A sender who says there is no hurry asks for nothing today: low (what independent labellers do too).
NO_RUSH = ("not urgent", "no rush", "not an emergency", "no emergency", "whenever", "not a big deal", "when you have a minute",
           "next time you're in the area", "pas urgent", "pas pressé", "no es urgente", "sin prisa")


def says_no_rush(text):
    t = text.lower()
    return any(m in t for m in NO_RUSH)


ROUTINE_SUBJECTS = {**R.SUBJECT, **V.SUBJECT}


def routine_topic(g, biz, lang, topics=None):
    """A routine customer request that uses emergency-adjacent words (phrases_routine.py): (topic, category, text, item)."""
    pool = [t for t in R.TOPICS[lang] if topics is None or t[0] in topics]
    if getattr(g, "variety", False) and g.p(0.75):
        pool = V.ROUTINE[lang]  # alarming words in past, hypothetical, preventive and no-rush mail
    topic, rule, text = g.c(pool)
    item = g.fill(g.bank(biz, "quote", lang), biz, lang)
    text = g.fill(text, biz, lang, item=item, time=g.c(R.TIMES))
    if rule == "claim":
        cat = "INSURANCE" if "INSURANCE" in D.INDUSTRY_EXTRAS[biz["type"]] else "SUPPORT"
    else:
        cat = {"support": "SUPPORT", "sales": "SALES"}[rule]
    return topic, cat, text, item


def label(kind, cat, urg, esc, draft, why, sub=None):
    return dict(kind=kind, category=cat, subcategory=sub, urgency=urg, escalate=esc, draft=draft, why=why)


# =============================================================================================
# Message kinds. Each returns (email.message.Message, label dict).
# =============================================================================================

def k_customer(g, biz, which):
    """Direct customer mail (from a freemail or company address)."""
    lang = g.lang_for(biz)
    style = g.style_for(lang)
    first, last, addr = g.person(lang)
    if g.p(0.12):
        dom = g.c(D.COMPANY_DOMAINS)
        addr = f"{ascii_fold(first).lower()}.{ascii_fold(last).lower().replace(chr(39), '')}@{dom}"
    ind = D.INDUSTRY[biz["type"]]
    extras = D.INDUSTRY_EXTRAS[biz["type"]]
    subj_re = g.p(0.15)
    quoted = g.p(0.15)
    esc = False
    sub = None
    if which == "crit":
        prob = g.fill(g.bank(biz, "crit", lang), biz, lang)
        opening = g.fill(g.c(P.CRIT_OPEN[lang]), biz, lang, problem=prob)
        opening = g.cap(opening)
        more = g.pick_more(P.CRIT_MORE, lang, biz, g.r.randrange(0, 3))
        ask = g.c(P.URGENT_ASK[lang])
        subj = g.c({"en": ["EMERGENCY", "URGENT - please call", "Help!!", prob[:40], "need someone now", "{equip} emergency",
                           "Emergency at {addr}", "please call ASAP"],
                    "fr": ["URGENT", "Urgence", "Besoin d'aide tout de suite", prob[:40]],
                    "es": ["URGENTE", "Emergencia", "Ayuda por favor", prob[:40]]}[lang])
        cat, urg, esc, draft, why = "URGENT", "critical", True, True, "danger to life or safety now: critical, escalate, draft"
    elif which == "high":
        prob = g.fill(g.bank(biz, "high", lang), biz, lang)
        opening = g.cap(g.fill(g.c(P.HIGH_OPEN[lang]), biz, lang, problem=prob))
        more = g.pick_more(P.CRIT_MORE, lang, biz, g.r.randrange(0, 2)) if g.p(0.3) else []
        ask = g.c(P.URGENT_ASK[lang])
        subj = g.c({"en": ["Leak!", "Need help today", "Urgent repair", prob[:45], "Service today?", "water everywhere"],
                    "fr": ["Urgent aujourd'hui", "Fuite", prob[:40]], "es": ["Urgente hoy", "Fuga", prob[:40]]}[lang])
        cat, urg, esc, draft, why = "URGENT", "high", True, True, "needs action today (active damage): high, escalate, draft"
    elif which == "quote":
        item = g.fill(g.bank(biz, "quote", lang), biz, lang)
        opening = g.fill(g.c(P.QUOTE_OPEN[lang]), biz, lang, item=item)
        more = g.pick_more(P.QUOTE_MORE, lang, biz, g.r.randrange(0, 4))
        ask = None
        subj = g.c({"en": ["Quote request", "Estimate", "pricing?", f"Quote for {item}", "New project", "Looking for a price",
                           "Question about " + item, "Request for proposal"],
                    "fr": ["Demande de soumission", "Estimation", "Soumission " + item],
                    "es": ["Cotización", "Presupuesto", "Precio para " + item]}[lang])
        cat, urg, draft, why = "SALES", "normal", True, "new work / quote request: SALES, normal, draft"
    elif which == "repair":
        prob = g.fill(g.bank(biz, "repair", lang), biz, lang)
        opening = g.fill(g.c(P.REPAIR_OPEN[lang]), biz, lang, problem=prob)
        more, ask = [], None
        subj = g.c({"en": ["Service question", "Question", prob[:40], "Small issue", "not urgent"],
                    "fr": ["Question", "Petit problème"], "es": ["Pregunta", "Un problema pequeño"]}[lang])
        cat, urg, draft, why = "SUPPORT", g.c(["normal", "normal", "low"]), True, "existing equipment, not dangerous: SUPPORT, draft"
        if urg == "normal" and says_no_rush(opening):
            urg, why = "low", "non-urgent service question, sender says no rush: SUPPORT low, draft"
        elif urg == "low":
            why = "non-urgent service question, sender says no rush: SUPPORT low, draft"
            opening = g.c({"en": ["No rush at all, but ", "Whenever you get a chance: "], "fr": ["Pas pressé, mais "],
                           "es": ["Sin prisa, pero "]}[lang]) + prob + "."
    elif which == "sched":
        opening = g.fill(g.c(P.SCHED[lang]), biz, lang)
        more, ask = [], None
        subj = g.c({"en": ["Appointment", "Reschedule", "Re: appointment", "Tomorrow's visit", "Change of plans"],
                    "fr": ["Rendez-vous", "Changement de rendez-vous"], "es": ["Cita", "Cambio de cita"]}[lang])
        cat, urg, draft, why = "SUPPORT", "normal", True, "scheduling with an existing customer: SUPPORT, normal, draft"
    elif which == "billing":
        opening = g.fill(g.c(P.BILLING[lang]), biz, lang)
        more, ask = [], None
        subj = g.c({"en": ["Invoice question", "Question about my invoice", "Billing", "Re: Invoice", "invoice #{}".format(g.r.randrange(1000, 9999))],
                    "fr": ["Question sur la facture", "Facture"], "es": ["Pregunta sobre la factura", "Factura"]}[lang])
        cat, urg, draft, why = "SUPPORT", "normal", True, "a customer's billing question is SUPPORT (not BANKING): normal, draft"
    elif which == "warranty":
        opening = g.fill(g.c(P.WARRANTY[lang]), biz, lang)
        more, ask = [], None
        subj = g.c({"en": ["Warranty", "Warranty question", "Is this covered?"], "fr": ["Garantie"], "es": ["Garantía"]}[lang])
        cat, urg, draft, why = "SUPPORT", "normal", True, "warranty question: SUPPORT, normal, draft"
    elif which == "calm":
        opening = g.fill(g.c(P.COMPLAINT_CALM[lang]), biz, lang)
        more, ask = [], g.c({"en": ["Can someone follow up?", "Please let me know what you can do."], "fr": ["Pouvez-vous faire un suivi?"],
                             "es": ["¿Me pueden dar seguimiento?"]}[lang])
        subj = g.c({"en": ["Disappointed", "Follow up on last visit", "Not happy", "Problem after your visit"],
                    "fr": ["Pas satisfait", "Suivi"], "es": ["No estoy satisfecho", "Seguimiento"]}[lang])
        cat, urg, draft, why = "SUPPORT", "normal", True, "calm complaint without threats: SUPPORT, normal, draft"
    elif which == "angry":
        style = "angry" if lang == "en" and g.p(0.6) else style
        opening = g.fill(g.c(P.COMPLAINT_ANGRY[lang]), biz, lang)
        more = [g.c(P.THREAT[lang])]
        if getattr(g, "contrast", False):
            # The appended part: a calm complaint of the routine bank plus a threat (the threat alone makes it escalate).
            if g.p(0.6):
                opening = g.fill(g.c([t for _, _, t in [x for x in R.TOPICS[lang] if x[0] == "complaint"]]), biz, lang)
            more = [g.fill(g.c(R.THREAT[lang]), biz, lang)] if g.p(0.7) else more
        ask = g.c(P.OWNER[lang]) if g.p(0.3) else None
        subj = g.c({"en": ["Complaint", "UNACCEPTABLE", "Final warning", "Formal complaint", "Refund or else", "Re: your so-called repair"],
                    "fr": ["Plainte", "Inacceptable"], "es": ["Queja", "Inaceptable"]}[lang])
        cat, urg, esc, draft, why = ("SUPPORT", "high", True, True,
                                     "angry complaint threatening BBB/lawyer/court/review: high, escalate, draft")
    elif which == "owner":
        base = g.c([P.COMPLAINT_CALM, P.SCHED, P.BILLING])
        opening = g.fill(g.c(base[lang]), biz, lang)
        more, ask = [], g.c(P.OWNER[lang])
        subj = g.c({"en": ["Need to speak to the owner", "Manager please", "Attn: owner", "Request to talk to a manager"],
                    "fr": ["Parler au propriétaire"], "es": ["Hablar con el dueño"]}[lang])
        cat, urg, esc, draft, why = ("SUPPORT", "normal", True, True,
                                     "asks for the owner/a manager: SUPPORT (content), urgency stays normal, escalate")
    elif which == "extra":
        key = g.extra_key
        item = g.fill(g.bank(biz, key, lang), biz, lang)
        opening = g.cap(g.c({"en": ["I have a question about {item}.", "Following up on {item}.", "Writing about {item}.",
                                    "Can we set up {item}?", "Hoping to get some info on {item}."],
                             "fr": ["J'ai une question concernant {item}.", "Je vous écris au sujet de {item}."],
                             "es": ["Tengo una pregunta sobre {item}.", "Les escribo sobre {item}."]}[lang]).format(item=item))
        more = g.pick_more(P.QUOTE_MORE, lang, biz, g.r.randrange(0, 2))
        if getattr(g, "contrast", False) and g.p(0.6):
            # The appended part: industry extras with the same time words and deadlines as the routine mail.
            more.append(g.fill(g.c([d for d in R.DETAIL[lang] if not says_no_rush(d)]), biz, lang, time=g.c(R.TIMES)))
        ask = None
        subj = item[:50] if g.p(0.5) else g.c({"en": ["Question", "Follow up", "Info please"], "fr": ["Question"], "es": ["Pregunta"]}[lang])
        cat = {"extra": extras[0] if extras else "SUPPORT", "sub": "SUBCONTRACTORS", "seasonal": "SEASONAL"}[key]
        urg, draft, why = "normal", True, f"industry extra {cat} wins over SALES/SUPPORT for a {biz['type']} business: normal, draft"
        if key == "sub":
            addr = f"{ascii_fold(first).lower()}@{g.c(['ridgelineframing', 'tristatedrywall', 'boltelectricllc', 'apexconcrete', 'primemasonry'])}.com"
    elif which == "routine":
        topic, cat, opening, item = routine_topic(g, biz, lang)
        opening = g.cap(opening)
        more = [g.fill(g.c(R.DETAIL[lang]), biz, lang, time=g.c(R.TIMES))] if g.p(0.55) else []
        ask = None
        subj = g.fill(g.c(ROUTINE_SUBJECTS[topic][lang]), biz, lang, item=item[:40]) if g.p(0.8) else g.c(
            {"en": ["Question", "Hi", "Re: your visit", "Follow up"], "fr": ["Question", "Bonjour"], "es": ["Pregunta", "Hola"]}[lang])
        urg = "low" if says_no_rush(" ".join([opening] + more)) and topic != "complaint" else "normal"
        draft = True
        why = (f"routine customer mail ({topic}) with time/deadline/claim words but no danger and no threat: {cat}, {urg}, "
               "not escalated, draft")
    elif which == "crossextra":
        # Subject matter that is an industry extra elsewhere, at a business without that extra.
        other = g.c(["hvac", "pools_spas", "roofing", "general_contractor"])
        item = g.c(D.INDUSTRY[other]["extra"]) if lang == "en" else g.c(D.INDUSTRY[other][lang].get("extra") or D.INDUSTRY[other]["extra"])
        landscaping_seasonal = {"en": ["our seasonal cleanup this spring", "the fall seasonal service", "seasonal mowing contract"]}
        if biz["type"] == "landscaping" and lang == "en" and g.p(0.6):
            item = g.c(landscaping_seasonal["en"])
            cat, why = "SALES", "seasonal work at a business without SEASONAL: content decides (SALES)"
        elif "insurance" in item or "claim" in item or "adjuster" in item or "seguro" in item or "assurance" in item:
            cat, why = "SUPPORT", "insurance question at a business without INSURANCE: SUPPORT"
        else:
            cat, why = "SALES", "service-plan/permit question at a business without that extra: SALES"
        opening = g.cap(g.c({"en": ["Do you handle {item}?", "Question about {item}."], "fr": ["Question concernant {item}."],
                             "es": ["Pregunta sobre {item}."]}[lang]).format(item=item))
        more, ask = g.pick_more(P.QUOTE_MORE, lang, biz, 1), None
        subj = g.c({"en": ["Question", "Info", item[:40]], "fr": ["Question"], "es": ["Pregunta"]}[lang])
        urg, draft, why = "normal", True, why + ", normal, draft"
    minimal = which not in ("extra", "crossextra") and g.p(0.25)
    if minimal:
        # A one-line message typed on a phone: the content alone, none of the greeting, contact lines, closing or
        # signature that the templates otherwise add (and that a model could learn instead of the content).
        keep = list(more) if which == "angry" else []
        sent = [opening] + keep + ([ask] if ask and (which == "owner" or g.p(0.5)) else [])
        text = " ".join(s for s in sent if s)
        if g.p(0.5):
            text = text.lower()
        if g.p(0.3):
            text += "\n" + first
        text = g.typos(text, 0.1) + "\n"
        style = "minimal"
        quoted = subj_re = False
        subj = g.c({"en": ["Hi", "hello", "Question", "help", "quick question", "Hey", subj, subj],
                    "fr": ["Bonjour", "Question", subj, subj], "es": ["Hola", "Pregunta", subj, subj]}[lang])
    else:
        text = g.compose(biz, lang, style, opening, more, ask, first=first, last=last)
    if quoted:
        text += g.quoted(biz, lang)
    if subj_re:
        subj = g.c(["Re: ", "RE: ", "Re : " if lang == "fr" else "RE: "]) + subj
    subj = g.fill(subj, biz, lang) if "{" in subj else subj
    if style == "terse" and g.p(0.5):
        subj = subj.lower()
    fromname = f"{first} {last}" if g.p(0.8) else (first if g.p(0.5) else "")
    msg = g.message(biz, from_name=fromname, from_addr=addr, subject=subj, text=text, lang=lang,
                    attach=[("IMG_%04d.jpg" % g.r.randrange(9999), "image/jpeg")] if which in ("crit", "high", "repair") and g.p(0.15) else None,
                    headers={"In-Reply-To": f"<q{g.n}@{biz['domain']}>"} if subj_re else None)
    lab = label(f"customer_{which}", cat, urg, esc, draft, why, sub)
    lab.update(lang=lang, style=style)
    return msg, lab


def k_form(g, biz, force=None):
    v = g.c(D.FORM_VENDORS)
    lang = g.lang_for(biz)
    if v["layout"] == "colon_es":
        lang = "es"
    if v["layout"] == "colon_fr":
        lang = "fr"
    first, last, addr = g.person(lang)
    phone = g.phone(biz)
    kind = force or g.c(["quote"] * 5 + ["repair"] * 2 + ["crit", "high", "high", "spam", "sched", "angry", "extra"])
    extras = D.INDUSTRY_EXTRAS[biz["type"]]
    if kind == "extra" and not extras:
        kind = "quote"
    style = g.c(["plain", "terse", "terse", "plain", "angry" if lang == "en" else "plain", "nonnative" if lang == "en" else "plain"])
    urg, esc, draft = "normal", False, True
    if kind == "quote":
        msgtext = g.fill(g.c(P.QUOTE_OPEN[lang]), biz, lang, item=g.fill(g.bank(biz, "quote", lang), biz, lang))
        why = "website form relay (FORMSUB whatever the content): quote, normal, draft to the customer"
    elif kind == "repair":
        msgtext = g.fill(g.c(P.REPAIR_OPEN[lang]), biz, lang, problem=g.fill(g.bank(biz, "repair", lang), biz, lang))
        why = "form relay with a service question: FORMSUB, normal, draft to the customer"
    elif kind == "sched":
        msgtext = g.fill(g.c(P.SCHED[lang]), biz, lang)
        why = "form relay, scheduling: FORMSUB, normal, draft"
    elif kind == "routine":
        # Routine requests with time words, deadlines and claims (hard negatives); a form is never "low" unless spam.
        topic, _, msgtext, _ = routine_topic(g, biz, lang, ("eta", "info", "rfq", "claim", "paper", "followup", "complaint"))
        if g.p(0.4):
            msgtext += " " + g.fill(g.c([d for d in R.DETAIL[lang] if not says_no_rush(d)]), biz, lang, time=g.c(R.TIMES))
        why = f"form relay with a routine request ({topic}): FORMSUB, normal, not escalated, draft"
    elif kind == "extra":
        msgtext = g.cap(g.fill(g.bank(biz, "extra", lang), biz, lang)) + "?"
        why = "form relay about an industry extra: the relay channel still decides (FORMSUB), draft"
    elif kind == "crit":
        msgtext = g.cap(g.fill(g.c(P.CRIT_OPEN[lang]), biz, lang, problem=g.fill(g.bank(biz, "crit", lang), biz, lang))) + " " + g.c(P.URGENT_ASK[lang])
        urg, esc = "critical", True
        why = "emergency inside a form relay: FORMSUB (channel), critical, escalate, draft"
    elif kind == "high":
        msgtext = g.cap(g.fill(g.c(P.HIGH_OPEN[lang]), biz, lang, problem=g.fill(g.bank(biz, "high", lang), biz, lang)))
        urg, esc = "high", True
        why = "urgent problem inside a form relay: FORMSUB, high, escalate, draft"
    elif kind == "angry":
        msgtext = g.fill(g.c(P.COMPLAINT_ANGRY[lang]), biz, lang) + " " + g.c(P.THREAT[lang])
        urg, esc = "high", True
        why = "threatening complaint via form: FORMSUB, high, escalate, draft"
    else:
        lang = "en"
        msgtext = g.c(["We can get your website to page one of Google in 30 days. Reply for a free audit.",
                       "Hello, I am SEO expert, your site have many errors, I can fix cheap price.",
                       "Get 10,000 real followers today!! Visit our site for a special discount.",
                       "Are you the business owner? We fund small businesses up to $250k in 24h, no credit check.",
                       "I noticed your website is missing a chatbot. Book a 15 min demo with our AI receptionist."])
        first, last = g.c(["Ethan", "Sophia", "Mark", "Anna"]), g.c(["Digital", "Growth", "Smith", "Lee"])
        addr = g.c(["seo.rankpro@gmail.com", "growth@bizfundnow.co", "sales@chatbot-leads.io", "anna@topfollowers.biz"])
        urg, esc, draft = "low", False, False
        why = "form spam (sales pitch through the contact form): FORMSUB, low, never drafted"
    msgtext = g.apply_style(msgtext, style if kind != "spam" else "plain", lang)
    fields = [("Name", f"{first} {last}"), ("Email", addr), ("Phone", phone)]
    if g.p(0.6):
        fields.append(("Address", g.addr(lang)))
    if g.p(0.4):
        fields.append(("Service", g.c(D.INDUSTRY[biz["type"]]["equip"])))
    if g.p(0.3):
        fields.append(("Preferred contact", g.c(["Phone", "Email", "Text"])))
    fields.append(("Message", msgtext))
    names = {"fr": {"Name": "Nom", "Email": "Courriel", "Phone": "Téléphone", "Address": "Adresse", "Service": "Service",
                    "Preferred contact": "Contact préféré", "Message": "Message"},
             "es": {"Name": "Nombre", "Email": "Correo", "Phone": "Teléfono", "Address": "Dirección", "Service": "Servicio",
                    "Preferred contact": "Contacto preferido", "Message": "Mensaje"}}
    if lang in names and (v["layout"] in ("colon_fr", "colon_es") or g.p(0.5)):
        fields = [(names[lang][k], val) for k, val in fields]
    slug = biz["domain"].split(".")[0]
    site = g.c([biz["domain"], "www." + biz["domain"], biz["name"]])
    form = g.c(D.FORM_NAMES)
    subj = g.c(v["subj"]).format(form=form, site=site, first=first, last=last, biz=biz["name"], n=g.r.randrange(100, 9999),
                                 usersubj=g.c(["Quote", "Contact", "Question", "Service request", msgtext[:30]]),
                                 service=g.c(D.INDUSTRY[biz["type"]]["equip"]), city=biz["city"])
    text, html = render_form(g, v["layout"], fields, v, biz, form, site)
    fromname = v["fromname"].format(biz=biz["name"], slug=slug, first=first, last=last)
    if g.p(0.15) and "via" not in fromname:
        fromname = f"{first} {last} via {v['name']}"
    from_addr = v["addr"].format(slug=slug, domain=biz["domain"])
    rt = (f"{first} {last}", addr) if g.p(v["reply_to"]) and kind != "spam" or (kind == "spam" and g.p(0.5)) else None
    headers = {}
    if g.p(0.3):
        headers["Auto-Submitted"] = "auto-generated"
    if g.p(0.2):
        headers["X-Mailer"] = g.c(["PHPMailer 6.8.1", "WPMailSMTP/Mailer/smtp 4.0", "Formsubmit"])
    msg = g.message(biz, from_name=fromname, from_addr=from_addr, subject=subj, text=text, html=html, reply_to=rt,
                    headers=headers, lang=lang)
    lab = label(f"form_{v['name']}", "FORMSUB", urg, esc, draft, why)
    lab.update(lang=lang, style=style)
    return msg, lab


def render_form(g, layout, fields, v, biz, form, site):
    """Different vendors render fields differently: the model must learn the shape, not one vendor."""
    e = htmllib.escape
    if layout == "html_table":
        rows = "".join(f"<tr><td style=\"font-weight:bold;padding:4px\">{e(k)}</td><td style=\"padding:4px\">{e(val)}</td></tr>" for k, val in fields)
        html = (f"<html><body><h2>{e(form)}</h2><p>You have a new submission.</p><table border=\"0\" cellpadding=\"4\">{rows}</table>"
                f"<p style=\"color:#888\">Sent from {e(site)}</p></body></html>")
        text = None if g.p(0.6) else f"{form}\n\n" + "\n".join(f"{k}: {val}" for k, val in fields) + f"\n\nSent from {site}\n"
        return text, html
    if layout in ("colon", "colon_es", "colon_fr"):
        lines = "\n".join(f"{k}: {val}" for k, val in fields)
        foot = {"colon": f"\n\n(Sent via {site})\n", "colon_es": f"\n\n--\nEnviado desde el formulario de {site}\n",
                "colon_fr": f"\n\n--\nEnvoyé depuis le formulaire de {site}\n"}[layout]
        return lines + foot, None
    if layout == "colon_html":
        body = "".join(f"<p><strong>{e(k)}:</strong> {e(val)}</p>" for k, val in fields)
        return None, f"<html><body><p>New submission on <b>{e(form)}</b></p>{body}</body></html>"
    if layout == "cf7":
        d = dict(fields)
        name, em = fields[0][1], fields[1][1]
        msg = fields[-1][1]
        return (f"From: {name} <{em}>\nSubject: {form}\n\nMessage Body:\n{msg}\n\n--\nThis e-mail was sent from a contact form on "
                f"{biz['name']} ({site})\n"), None
    if layout == "qa":
        qs = {"Name": "What's your name?", "Email": "What's your email?", "Phone": "Best phone number?", "Address": "Where is the job?",
              "Service": "What do you need help with?", "Preferred contact": "How should we reach you?", "Message": "Tell us more"}
        body = "\n\n".join(f"**{qs.get(k, k)}**\n{val}" for k, val in fields)
        return f"New response to {form}\n\n{body}\n\nView all responses in your dashboard.\n", None
    if layout == "dash":
        body = "\n".join(f"{'Full name' if k == 'Name' else k} - {val}" for k, val in fields)
        return f"Someone filled out {form} on {site}.\n\n{body}\n\nView contact record\n", None
    if layout == "stacked":
        body = "\n\n".join(f"{k.lower()}:\n{val}" for k, val in fields)
        return f"{body}\n\n---\nSubmitted at {site}\n", None
    if layout == "elementor":
        body = "\n".join(f"{k}: {val}" for k, val in fields)
        return f"{body}\n\n---\nDate: {g.date(biz).strftime('%B %d, %Y')}\nPage URL: https://{biz['domain']}/contact/\nPowered by: Elementor\n", None
    if layout in ("request", "lead"):
        d = dict(fields)
        msg = fields[-1][1]
        head = "New request" if layout == "request" else "New lead"
        text = (f"{head}\n\nCustomer: {fields[0][1]}\nPhone: {fields[2][1]}\nEmail: {fields[1][1]}\n"
                f"Details: {msg}\n\nRespond quickly - customers who hear back within an hour are 3x more likely to book.\n")
        return text, None
    raise ValueError(layout)


def k_phone(g, biz, force=None):
    v = g.c(D.PHONE_VENDORS)
    lang = "fr" if v["style"] == "fr" else g.lang_for(biz)
    first, last, _ = g.person(lang)
    num = g.phone(biz)
    kind = g.c(["missed", "missed", "missed", "vm_normal", "vm_normal", "vm_normal", "vm_crit", "vm_high", "sms", "sms_high"]) if force is None \
        else force if force in ("vm_crit", "vm_high", "sms_high") else g.c(["vm_normal", "vm_normal", "sms"])
    dur = f"{g.r.randrange(0, 2)}:{g.r.randrange(5, 59):02d}"
    esc = False
    if kind == "missed":
        urg, sub, why, transcript = "low", "Missed Calls", "phone-system missed-call notice: PHONE/Missed Calls, low, never drafted", None
    elif kind in ("vm_normal", "sms"):
        c = g.c(["quote", "repair", "sched"]) if force is None else "routine"
        if c == "sched":
            transcript = g.fill(g.c(P.SCHED[lang]), biz, lang)
        elif c == "routine":
            transcript = routine_topic(g, biz, lang, ("eta", "info", "rfq", "claim", "paper", "followup", "complaint"))[2]
        else:
            t = g.bank(biz, c, lang)
            transcript = g.fill(g.c(P.QUOTE_OPEN[lang]) if c == "quote" else g.c(P.REPAIR_OPEN[lang]), biz, lang, item=g.fill(t, biz, lang), problem=g.fill(t, biz, lang))
        urg, why = "normal", "phone relay with a routine request: PHONE, normal, no draft (phone relay)"
        sub = "Voicemails" if kind == "vm_normal" else None
    elif kind in ("vm_crit",):
        transcript = g.cap(g.fill(g.bank(biz, "crit", lang), biz, lang)) + ". " + g.c(P.URGENT_ASK[lang])
        urg, esc, sub = "critical", True, "Voicemails"
        why = "emergency in a voicemail transcript: PHONE (channel), critical, escalate, no draft"
    else:
        transcript = g.cap(g.fill(g.bank(biz, "high", lang), biz, lang)) + ". " + g.c(P.URGENT_ASK[lang])
        urg, esc, sub = "high", True, "Voicemails" if kind == "vm_high" else None
        why = "urgent problem left on the phone system: PHONE, high, escalate, no draft"
    if transcript:
        transcript = g.apply_style(f"Hi it's {first} " + transcript if lang == "en" and g.p(0.5) else transcript, "terse" if g.p(0.4) else "plain", lang)
        transcript += " " + g.c([f"My number is {num}.", f"call me back at {num}", ""]) if lang == "en" else f" {num}"
    caller = g.c([f"{first} {last}", f"({num[:3]}) {num[4:]}", f"+1 {num}", "WIRELESS CALLER", f"{last.upper()} {first.upper()}"])
    carrier = g.c(["telus.net", "shaw.ca", "comcast.net", "spectrum.net"])
    is_sms = kind.startswith("sms")
    if kind == "missed":
        subj = g.c([f"Missed call from {caller}", f"You missed a call from {num}", f"Missed Call: {caller}", f"[Missed] {num}",
                    f"Appel manqué de {num}" if lang == "fr" else f"Missed call ({dur})"])
        text = g.c([f"You missed a call from {caller} ({num}) at {g.date(biz).strftime('%I:%M %p')}.\n\nNo voicemail was left.\n",
                    f"Caller: {caller}\nNumber: {num}\nTime: {g.date(biz).strftime('%Y-%m-%d %H:%M')}\nDuration: 0:00\nStatus: Missed\n",
                    f"Missed call\n{num}\n{g.date(biz).strftime('%a %b %d %H:%M')}\nCall back: tel:{num}\n"])
    elif is_sms:
        subj = g.c([f"New text message from {num}", f"SMS from {caller}", f"New message from {caller}", f"Text: {num}"])
        text = g.c([f"{caller} sent you a text:\n\n\"{transcript}\"\n\nReply in the app.\n",
                    f"From: {num}\nMessage: {transcript}\n\nTo reply, open your inbox.\n",
                    f"New SMS\n\n{transcript}\n\n-- {num}\n"])
    else:
        subj = g.c([f"New Voice Message from {caller}", f"Voicemail from {num} ({dur})", f"New voicemail from {caller}",
                    f"Voicemail: {caller}", f"You have a new voicemail", f"Nouveau message vocal de {num}" if lang == "fr" else f"VM from {num}"])
        st = v["style"]
        if st in ("rc", "caller", "plainvm"):
            text = f"Caller: {caller}\nNumber: {num}\nDuration: {dur}\nReceived: {g.date(biz).strftime('%m/%d/%Y %I:%M %p')}\n\nTranscription:\n{transcript}\n"
        elif st == "gv":
            text = f"{transcript}\n\nPlay message\n\nYOUR ACCOUNT  HELP CENTER  HELP FORUM\n"
        elif st == "hopper":
            text = f"You have a new voicemail.\n\nFrom: {caller} {num}\nLength: {dur}\n\nVoicemail Transcript (beta):\n\"{transcript}\"\n\nThe audio file is attached.\n"
        elif st == "callrail":
            text = f"Call from {caller}\nTracking number: {biz['phone']}\nSource: Google Ads\nDuration: {dur}\n\nVoicemail transcript:\n>> {transcript}\n"
        elif st == "fr":
            text = f"Vous avez un nouveau message vocal.\n\nDe : {num}\nDurée : {dur}\n\nTranscription :\n« {transcript} »\n"
        else:
            text = f"{caller} left a voicemail ({dur})\n\n{transcript}\n\nListen in the app\n"
    headers = {}
    if g.p(v["auto"]):
        headers["Auto-Submitted"] = g.c(["auto-generated", "auto-generated", "auto-notified"])
    if g.p(0.2):
        headers["Precedence"] = "bulk" if g.p(0.3) else "auto_reply" if False else "list"
        del headers["Precedence"]
    attach = [(f"voicemail-{g.r.randrange(10**6)}.{g.c(['wav', 'mp3'])}", g.c(["audio/wav", "audio/mpeg"]))] if kind.startswith("vm") and g.p(0.4) else None
    msg = g.message(biz, from_name=v["fromname"], from_addr=v["addr"].format(carrier=carrier), subject=subj, text=text,
                    headers=headers, lang=lang, attach=attach)
    lab = label(f"phone_{v['name']}_{kind}", "PHONE", urg, esc, False, why, sub)
    lab.update(lang=lang, style="relay")
    return msg, lab


def k_review(g, biz):
    v = g.c(D.REVIEW_VENDORS)
    lang = g.lang_for(biz)
    first, last, _ = g.person(lang)
    stars = g.c([5, 5, 5, 4, 4, 3, 2, 1, 1])
    good = {"en": ["Fantastic service, showed up on time and fixed it fast.", "Very professional crew, would recommend.",
                   "Fair price and great communication.", "Tech explained everything. Thanks!"],
            "fr": ["Service impeccable, très professionnel.", "Équipe ponctuelle et prix honnête."],
            "es": ["Excelente servicio, muy profesionales.", "Llegaron a tiempo y el precio fue justo."]}
    mid = {"en": ["Job got done but it took three visits.", "Okay work, communication could be better."],
           "fr": ["Travail correct mais communication difficile."], "es": ["El trabajo quedó bien pero tardaron mucho."]}
    bad = {"en": ["Worst experience ever. No-show twice and rude on the phone.", "Overcharged and the problem came back in a week. Avoid.",
                  "They left a mess and never called back about the damage.", "Scam. Took a deposit and ghosted us."],
           "fr": ["Pire expérience. Ils ne sont jamais venus.", "Trop cher et le problème est revenu."],
           "es": ["Pésimo servicio, nunca llegaron.", "Cobraron de más y el problema regresó."]}
    body_txt = g.c((good if stars >= 4 else mid if stars == 3 else bad)[lang]) if g.p(0.85) else ""
    if stars <= 2:
        urg, esc, sub, why = "high", True, "Response Needed", "new 1-2 star review notification: GOOGLE_REVIEW, high, escalate, no draft"
    elif stars == 3:
        urg, esc, sub, why = "normal", False, "Response Needed", "3-star review: GOOGLE_REVIEW/Response Needed, normal, no draft"
    else:
        urg, esc, sub, why = "low", False, "New Review", "positive review notification: GOOGLE_REVIEW/New Review, low, no draft"
    starstr = g.c(["★" * stars + "☆" * (5 - stars), f"{stars} star" + ("s" if stars != 1 else ""), f"{stars}/5", f"Rating: {stars}.0",
                   f"{stars} out of 5 stars"])
    st = v["style"]
    who = g.c([f"{first} {last}", f"{first} {last[0]}.", first])
    if st == "gbp":
        subj = g.c([f"{who} left a review for {biz['name']}", f"New review on {biz['name']}", f"Your business has a new {stars}-star review"])
        text = f"{biz['name']}\n\n{who} left a review\n{starstr}\n\n{body_txt}\n\nReply to review\n\nGoogle LLC, 1600 Amphitheatre Parkway\n"
    elif st == "gbp2":
        subj = f"New review: {starstr} from {who}"
        text = f"A customer reviewed {biz['name']} on Google Maps.\n\n{starstr}\n\"{body_txt}\"\n\nRespond now to show you care.\n"
    elif st == "table":
        subj = g.c([f"New {stars}-star Google review for {biz['name']}", f"[{v['name']}] New review alert - {starstr}"])
        html = (f"<html><body><table><tr><td>Source</td><td>Google</td></tr><tr><td>Reviewer</td><td>{htmllib.escape(who)}</td></tr>"
                f"<tr><td>Rating</td><td>{starstr}</td></tr><tr><td>Review</td><td>{htmllib.escape(body_txt)}</td></tr></table>"
                f"<p><a href=\"https://example.invalid/respond\">Respond</a></p></body></html>")
        text = None
    elif st == "yelp":
        subj = f"{who} wrote a review of {biz['name']}"
        text = f"New review on Yelp\n\n{who} rated you {starstr}.\n\n\"{body_txt}\"\n\nRespond publicly or privately from Yelp for Business.\n"
    else:
        subj = g.c([f"New review from {who}", f"{who} just reviewed you on Google", f"You received a {stars}-star review"])
        text = f"{who} left you a {starstr} review on Google:\n\n{body_txt}\n\nTap to respond.\n"
    html_ = html if st == "table" else None
    headers = {"Auto-Submitted": "auto-generated"} if g.p(0.3) else {}
    if g.p(0.2):
        headers["List-Unsubscribe"] = f"<https://{v['addr'].split('@')[1]}/unsub?u={g.r.randrange(10**6)}>"
    msg = g.message(biz, from_name=v["fromname"], from_addr=v["addr"], subject=subj, text=text, html=html_, headers=headers, lang=lang)
    lab = label(f"review_{v['name']}_{stars}", "GOOGLE_REVIEW", urg, esc, False, why, sub)
    lab.update(lang=lang, style="relay")
    return msg, lab


def k_social(g, biz):
    v = g.c(D.SOCIAL_VENDORS)
    first, last, _ = g.person(g.lang_for(biz))
    who = f"{first} {last}"
    kind = g.c(["comment", "like", "tag", "message", "follow", "message_urgent", "digest", "invite", "views", "recommend", "mention"])
    esc, urg = False, "low"
    why = "social network notification: SOCIALMEDIA, low, no draft"
    if kind == "comment":
        subj, text = f"{who} commented on your post", f"{who} commented: \"{g.c(['Great work!', 'How much for something like this?', 'Do you service ' + biz['city'] + '?', 'Love it'])}\"\n\nView comment\n"
    elif kind == "like":
        subj, text = f"{who} and {g.r.randrange(2, 40)} others liked your post", f"Your post is getting attention.\n\nSee who reacted\n"
    elif kind == "tag":
        subj, text = f"{who} tagged {biz['name']} in a post", f"{who} tagged your Page in a post.\n\n\"Shoutout to {biz['name']} for the quick job!\"\n"
    elif kind == "follow":
        subj, text = f"{who} started following you", f"You have a new follower. {who} now follows {biz['name']}.\n"
    elif kind == "digest":
        subj, text = f"Your Page had {g.r.randrange(10, 900)} views this week", "Weekly Page summary\n\nPost reach up 12%\nNew followers: 4\n"
    elif kind == "invite":
        subj, text = g.c([f"{who} wants to connect", f"Invitation from {who}", f"{who} invited you to like {g.c(['their page', 'Tri-County Home Pros'])}"]), \
            f"{who}\n{g.c(['Project Manager', 'Realtor', 'Owner at a local business', 'Estimator'])}\n\nAccept   Ignore\n"
    elif kind == "views":
        subj, text = g.c([f"{g.r.randrange(3, 80)} people viewed your profile", "You appeared in searches this week", "Your weekly insights"]), \
            f"See who's looking at {biz['name']}.\nSearch appearances: {g.r.randrange(5, 300)}\n\nView all\n"
    elif kind == "recommend":
        subj, text = f"{who} recommends {biz['name']}", f"{who} recommended your Page: \"{g.c(['Did a great job on our place', 'Honest and on time', 'Highly recommend'])}\"\n\nSee recommendation\n"
    elif kind == "mention":
        subj, text = f"{who} mentioned you in a {g.c(['comment', 'story', 'post', 'neighbourhood post'])}", \
            f"\"{g.c(['Anyone used ' + biz['name'] + '?', 'Thanks ' + biz['name'] + '!', 'Looking for a good company, heard about ' + biz['name']])}\"\n\nSee post\n"
    elif kind == "message":
        subj = f"New message from {who}"
        text = f"{who} sent a message to {biz['name']}:\n\n\"{g.fill(g.c(P.QUOTE_OPEN['en']), biz, item=g.bank(biz, 'quote', 'en'))}\"\n\nReply in Inbox\n"
        urg, why = "normal", "customer message through a social network: SOCIALMEDIA (channel), normal, no draft"
    else:
        subj = f"New message from {who}"
        text = f"{who} sent a message to {biz['name']}:\n\n\"{g.cap(g.fill(g.bank(biz, g.c(['crit', 'high']), 'en'), biz))}. Please call me\"\n\nReply in Inbox\n"
        urg, esc, why = "high", True, "emergency sent through a social network: SOCIALMEDIA, high, escalate, no draft"
    headers = {}
    if g.p(0.6):
        headers["List-Unsubscribe"] = f"<https://{v['addr'].split('@')[1]}/unsubscribe/{g.r.randrange(10**8)}>"
    if g.p(0.3):
        headers["Auto-Submitted"] = "auto-generated"
    msg = g.message(biz, from_name=v["fromname"], from_addr=v["addr"], subject=subj, text=text, headers=headers)
    lab = label(f"social_{v['name']}_{kind}", "SOCIALMEDIA", urg, esc, False, why)
    lab.update(lang="en", style="relay")
    return msg, lab


def k_supplier(g, biz, newsletter=False):
    name, domains, _ = g.c(biz["suppliers"])
    dom = g.c(domains)
    po = f"PO-{g.r.randrange(10000, 99999)}"
    order = f"{g.r.randrange(1000000, 9999999)}"
    rep = g.person("en")
    if newsletter:
        subj = g.c([f"{name} Pro News: spring lineup", f"New from {name}: save 15% this month", f"{name} dealer webinar - register now",
                    f"Your {name} monthly update", f"Product launch event at {name}", f"Last chance: {name} rebates end Friday"])
        html = (f"<html><body><h1>{htmllib.escape(name)}</h1><p>{g.c(['New products are here.', 'Exclusive contractor pricing inside.', 'Join our free training series.'])}</p>"
                f"<p><a href=\"https://{dom}/promo\">Shop now</a></p><p style=\"font-size:10px\">You are receiving this because you are a registered customer. "
                f"<a href=\"https://{dom}/unsubscribe\">Unsubscribe</a></p></body></html>")
        headers = {"List-Unsubscribe": f"<https://{dom}/unsubscribe?id={g.r.randrange(10**6)}>, <mailto:unsubscribe@{dom}>"}
        if g.p(0.6):
            headers["Precedence"] = "bulk"
        if g.p(0.4):
            headers["List-Id"] = f"<news.{dom}>"
        if g.p(0.5):
            headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
        msg = g.message(biz, from_name=f"{name}", from_addr=f"{g.c(['news', 'marketing', 'promotions', 'hello'])}@{dom}", subject=subj,
                        html=html, text=None if g.p(0.5) else f"{name}\n\nNew products and offers for pros.\n\nUnsubscribe: https://{dom}/unsubscribe\n",
                        headers=headers)
        return msg, label("supplier_newsletter", "PROMO", "low", False, False,
                          "newsletter from a known supplier with List-Unsubscribe/bulk: PROMO beats SUPPLIERS, low, no draft")
    kind = g.c(["order", "ship", "invoice", "backorder", "quote", "price", "statement", "rma"])
    texts = {
        "order": (f"Order confirmation {order}", f"Thank you for your order.\n\nOrder #: {order}\nPO: {po}\nShip to: {biz['name']}, {biz['city']}\nItems: {g.r.randrange(2, 30)}\nSubtotal: ${g.r.randrange(200, 9000)}.{g.r.randrange(99):02d}\n\nWe'll email you when it ships.\n", "low"),
        "ship": (f"Your order {order} has shipped", f"Good news - order {order} (PO {po}) is on its way.\nCarrier: {g.c(['FedEx Freight', 'UPS', 'our delivery truck'])}\nETA: {g.c(P.DAYS)}\n", "low"),
        "invoice": (f"Invoice {g.r.randrange(100000, 999999)} from {name}", f"Please find attached invoice for PO {po}.\nAmount due: ${g.r.randrange(300, 25000):,}.00\nTerms: Net 30\n\nAccounts Receivable\n{name}\n", "normal"),
        "backorder": (f"Backorder notice - PO {po}", f"Hi,\n\nUnfortunately {g.r.randrange(1, 6)} line(s) on PO {po} are backordered until {g.c(P.DAYS)}. Let us know if you want a substitute.\n\n{rep[0]} {rep[1]}\nInside Sales, {name}\n", "normal"),
        "quote": (f"Quote {g.r.randrange(1000, 9999)} as requested", f"Hi,\n\nAttached is the quote you asked for on the {g.c(D.INDUSTRY[biz['type']]['equip'])}. Pricing good for 30 days.\n\n{rep[0]}\n{name}\n", "normal"),
        "price": (f"{name} price update effective next month", f"Dear customer,\n\nDue to rising costs, list prices on several product lines will increase by {g.r.randrange(3, 12)}% on the 1st. Your account manager can help with quantity pricing.\n\n{name}\n", "normal"),
        "statement": (f"Account statement - {biz['name']}", f"Your monthly statement is attached. Balance: ${g.r.randrange(0, 40000):,}.00\nPlease remit by the due date.\n", "normal"),
        "rma": (f"RMA {g.r.randrange(10000, 99999)} approved", f"Your warranty return has been approved. Please ship the defective part with the RMA number on the box.\n\n{name} Warranty Dept.\n", "normal"),
    }
    subj, text, urg = texts[kind]
    local = g.c(["orders", "ar", "noreply", "warranty", f"{ascii_fold(rep[0]).lower()}.{ascii_fold(rep[1]).lower()}", "customerservice", "invoices"])
    headers = {"Auto-Submitted": "auto-generated"} if local in ("noreply", "orders", "invoices") and g.p(0.5) else {}
    attach = [(f"{kind}-{order}.pdf", "application/pdf")] if kind in ("invoice", "quote", "statement") and g.p(0.8) else None
    msg = g.message(biz, from_name=name if g.p(0.6) else f"{rep[0]} {rep[1]}", from_addr=f"{local}@{dom}", subject=subj, text=text,
                    headers=headers, attach=attach)
    return msg, label(f"supplier_{kind}", "SUPPLIERS", urg, False, False,
                      f"transactional mail from a known supplier's domain: SUPPLIERS/{name}, {urg}, no draft", name)


def k_promo(g, biz):
    name, addr, lid = g.c(D.PROMO_SENDERS)
    subj = g.c(["Grow your business in 2026", "Webinar: winning more jobs", "Save 20% this week only", "Your free guide inside",
                "Register now - limited seats", "5 ways to fill your schedule", "New feature announcement", "Exclusive offer for contractors",
                "Don't miss our year-end deals", "Are you ready for the busy season?", "Seasonal hiring made easy - webinar"])
    html = (f"<html><body><h1>{htmllib.escape(subj)}</h1><p>{g.c(['Book a demo today.', 'Use code PRO20 at checkout.', 'Join thousands of pros.'])}</p>"
            f"<p><a href=\"https://{addr.split('@')[1]}/u\">Unsubscribe</a> | View in browser</p></body></html>")
    headers = {}
    if g.p(0.85):
        headers["List-Unsubscribe"] = f"<https://{addr.split('@')[1]}/unsub/{g.r.randrange(10**8)}>"
    if g.p(0.5):
        headers["Precedence"] = g.c(["bulk", "list"])
    if g.p(0.4):
        headers["List-Id"] = f"{name} <{lid}.{addr.split('@')[1]}>"
    if g.p(0.3):
        headers["X-Mailer"] = g.c(["MailChimp Mailer", "Klaviyo", "HubSpot Marketing"])
    msg = g.message(biz, from_name=name, from_addr=addr, subject=subj, html=html, text=None if g.p(0.6) else re_text(html), headers=headers)
    return msg, label("promo", "PROMO", "low", False, False, "marketing/bulk mail (List-Unsubscribe, campaign): PROMO, low, no draft")


def re_text(html):
    import re
    return re.sub(r"<[^>]+>", " ", html).strip() + "\n"


def k_pitch(g, biz):
    """Unsolicited sales pitches sent one-to-one (no List-Unsubscribe): marketing, so PROMO."""
    first, last, _ = g.person("en")
    dom = g.c(["rankboostmedia.com", "growthlane.io", "fleetwrapspros.com", "fastcapitalfunding.net", "leadflowhq.com",
               "reviewbooster.co", "contractorleads247.com", "webfixstudio.net", "bizcreditnow.com", "appointmentsetters.ph"])
    offer = g.c(["we rank {trade} companies on page one of Google", "we wrap service vans and trucks at half the usual price",
                 "we can advance your business $50,000 to $500,000 against future card sales, approval in 24 hours",
                 "we deliver 20 to 40 exclusive {trade} leads a month, pay per appointment", "our AI receptionist answers every missed call",
                 "your website loads slowly and is losing you customers; we can rebuild it this week",
                 "we get businesses like yours 100 five-star reviews in 60 days", "our offshore team books estimates on your calendar"])
    trade = biz["type"].replace("_", " ")
    opener = g.c(["Hi there,", f"Hi {biz['managers'][0][0].split()[0]},", "Hello,", f"Quick question for {biz['name']}:", ""])
    text = (f"{opener}\n\n{g.cap(offer.format(trade=trade))}. "
            f"{g.c(['Worth a 10-minute call this week?', 'Can I send over a few examples?', 'Reply YES and I will share pricing.', 'Are you the right person to talk to?'])}\n\n"
            f"{first} {last}\n{g.c(['Growth Manager', 'Account Executive', 'Founder', 'Business Development'])}\n{dom}\n")
    if g.p(0.4):
        text += g.c(["\nIf you're not interested, just let me know and I won't follow up.", "\nP.S. Following up on my last email.",
                     "\nTo stop hearing from me, reply 'no thanks'."])
    subj = g.c([f"Quick question about {biz['name']}", "More jobs this month?", f"{first} from {dom.split('.')[0]}", "Partnership",
                "Following up", "Re: your website", "Funding approved for your business", "Your van could be a billboard"])
    msg = g.message(biz, from_name=f"{first} {last}", from_addr=f"{ascii_fold(first).lower()}@{dom}", subject=subj, text=text)
    return msg, label("cold_pitch", "PROMO", "low", False, False, "unsolicited sales pitch (marketing, even one-to-one): PROMO, low, no draft")


def k_bank(g, biz):
    kind = g.c(["payout", "payout", "etransfer", "alert", "alert", "invoice", "refund", "receipt", "bill", "bill"])
    amt = f"${g.r.randrange(40, 18000):,}.{g.r.randrange(100):02d}"
    first, last, _ = g.person("en")
    headers = {"Auto-Submitted": "auto-generated"} if g.p(0.5) else {}
    if kind in ("payout", "receipt"):
        name, addr = g.c(D.BANK_SENDERS["payout"])
        subj = g.c([f"Your payout of {amt} is on the way", f"{name}: {amt} deposited", f"Payout sent - {amt}", f"Payment received from {first} {last}"])
        text = f"{subj}\n\nAmount: {amt}\nExpected arrival: {g.c(P.DAYS)}\nBank account ending in {g.r.randrange(1000, 9999)}\n\nView details in your dashboard.\n"
        cat, sub, urg, why = "BANKING", "Receipts", "low", "payout/payment confirmation: BANKING/Receipts, low, no draft"
    elif kind == "etransfer":
        name, addr = g.c(D.BANK_SENDERS["etransfer"])
        if name.startswith("Virement"):
            subj = f"Virement Interac : {first} {last} vous a envoyé {amt.replace('$', '')} $"
            text = f"Bonjour {biz['name']},\n\n{first} {last} vous a envoyé {amt.replace('$', '')} $ (CAD).\nMessage : facture {g.r.randrange(1000, 9999)}\n\nDéposez les fonds dans votre institution financière.\n"
        else:
            subj = f"{name}: You've received {amt} from {first} {last}"
            text = f"Hi {biz['name']},\n\n{first} {last} sent you {amt}.\nMessage: invoice {g.r.randrange(1000, 9999)} thanks!\n\nThe money has been automatically deposited.\n"
        cat, sub, urg, why = "BANKING", "e-Transfer", "low", "e-Transfer/Zelle received: BANKING/e-Transfer, low, no draft"
    elif kind == "alert":
        name, addr = g.c(D.BANK_SENDERS["alert"])
        subj = g.c(["Security alert: new sign-in to your account", "Unusual activity on your business account", "Your password was changed",
                    f"Alert: withdrawal of {amt} from account ending {g.r.randrange(1000, 9999)}", "A purchase over your alert limit was made",
                    "Fraud alert: did you make this transaction?", "Online banking: new payee added",
                    "Alerte de sécurité : nouvel appareil" if "desjardins" in addr else "A new device was added to your account",
                    "Alerta de seguridad en su cuenta" if "santander" in addr else "Large withdrawal alert"])
        text = f"{subj}\n\nIf this was you, no action is needed. If you don't recognize this activity, call us at the number on the back of your card.\n\nDo not reply to this email.\n"
        cat, sub, urg, why = "BANKING", "BankAlert", "high", "bank security alert: BANKING/BankAlert, high, but not escalated (not a customer issue)"
    elif kind == "invoice":
        name, addr = g.c(D.BANK_SENDERS["invoice"])
        vendor = g.c(["Jobber", "Google Workspace", "State Farm Commercial", "Verizon Business", "Fleetio", "Intact Insurance", "Comcast Business"])
        subj = f"Invoice from {vendor} - due {g.c(P.DAYS)}"
        text = f"Hi {biz['name']},\n\n{vendor} sent you an invoice for {amt}.\nInvoice #{g.r.randrange(10000, 99999)}\nDue: 30 days\n\nView and pay online.\n"
        cat, sub, urg, why = "BANKING", "Invoice", "normal", "bill from a non-supplier vendor: BANKING/Invoice, normal, no draft"
        headers = {}
    elif kind == "bill":
        name, addr = g.c([("Verizon Business", "vzbusiness@verizon.com"), ("Hydro Ottawa", "ebilling@hydroottawa.com"), ("AT&T", "att-services@att.com"),
                          ("Xcel Energy", "myaccount@xcelenergy.com"), ("Rogers", "billing@rogers.com"), ("Geotab Fleet", "billing@geotab.com"),
                          ("The Hartford", "billing@thehartford.com"), ("Comcast Business", "online.communications@comcast.com")])
        subj = g.c([f"Your {name} bill is ready", f"{name}: statement available - {amt} due", f"Your monthly bill for account ending {g.r.randrange(1000, 9999)}",
                    "Payment due soon", "Your e-bill is available"])
        text = (f"{subj}\n\nAccount: ...{g.r.randrange(1000, 9999)}\nAmount due: {amt}\nDue date: {g.c(P.DAYS)}\n"
                f"{g.c(['AutoPay is on; no action needed.', 'Pay online or through your bank.', 'Log in to view your bill.'])}\n")
        cat, sub, urg, why = "BANKING", "Invoice", "normal", "utility/telecom/insurance bill: BANKING/Invoice, normal, no draft"
    else:
        name, addr = g.c(D.BANK_SENDERS["refund"])
        subj = f"Refund of {amt} processed"
        text = f"A refund of {amt} to {first} {last} has been processed. It may take 5-10 business days to appear.\n"
        cat, sub, urg, why = "BANKING", "Refund", "low", "refund processed: BANKING/Refund, low, no draft"
    msg = g.message(biz, from_name=name, from_addr=addr, subject=subj, text=text, headers=headers,
                    lang="fr" if "Virement" in subj or "Alerte" in subj else "en")
    return msg, label(f"bank_{kind}", cat, urg, False, False, why, sub)


def k_recruit(g, biz):
    kind = g.c(["cv", "cv", "board", "board", "seasonal_ad", "cv_fr_es", "inquiry", "inquiry"])
    role = g.c(["Service Technician", "Apprentice", "Seasonal Technician", "Office Administrator", "Estimator", "Crew Lead",
                "Seasonal Crew Member", "Installer", "Dispatcher", "Journeyman"])
    lang = "en"
    if kind == "cv_fr_es":
        lang = g.c(["fr", "es"])
    first, last, addr = g.person(lang)
    if kind in ("cv", "cv_fr_es"):
        body = {"en": [f"Hello, I'm applying for the {role} position. I have {g.r.randrange(1, 15)} years of experience and my resume is attached.",
                       f"I saw your posting for a {role}. Please find my CV attached. I'm available to start right away.",
                       f"Are you hiring? I'm a hard worker with my own tools and a clean driving record. Resume attached."],
                "fr": [f"Bonjour, je postule pour le poste de {role}. Vous trouverez mon CV ci-joint.", "Je suis à la recherche d'un emploi. Mon CV est en pièce jointe."],
                "es": [f"Hola, me interesa el puesto de {role}. Adjunto mi currículum.", "Busco trabajo, tengo experiencia. Adjunto mi CV."]}[lang]
        text = g.compose(biz, lang, g.c(["plain", "formal", "terse"]), g.c(body), contact=True, first=first, last=last)
        subj = g.c([f"Application - {role}", f"{role} position", "Resume", f"CV {first} {last}", "Job inquiry", "Candidature" if lang == "fr" else "Solicitud de empleo" if lang == "es" else "Looking for work"])
        msg = g.message(biz, from_name=f"{first} {last}", from_addr=addr, subject=subj, text=text, lang=lang,
                        attach=[(g.c([f"{last}_Resume.pdf", f"CV-{first}.docx", "resume.pdf"]), g.c(["application/pdf", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"]))])
        return msg, label("recruit_cv", "RECRUITMENT", "normal", False, False, "job applicant with CV: RECRUITMENT, normal, no draft") | dict(lang=lang)
    if kind == "inquiry":
        text = g.compose(biz, "en", g.c(["plain", "terse", "nonnative", "formal"]), g.c([
            "Are you hiring? I just finished my pre-apprenticeship and want to get into the trade.",
            f"Do you have any openings for a {role.lower()}? I can send references.",
            "My son is 18 and looking for summer work, is there anything available on your crews?",
            f"I'm moving to {biz['city']} next month and looking for a job. I have {g.r.randrange(2, 20)} years in the field.",
            "Looking for part time office work, bookkeeping and scheduling experience."]), contact=True, first=first, last=last)
        msg = g.message(biz, from_name=f"{first} {last}", from_addr=addr, subject=g.c(["Job", "Hiring?", "Employment inquiry", "work", "Openings?"]), text=text)
        return msg, label("recruit_inquiry", "RECRUITMENT", "normal", False, False, "someone asking for a job: RECRUITMENT, normal, no draft")
    board, baddr = g.c(D.JOB_BOARDS)
    baddr = baddr.format(n=g.r.randrange(10**6))
    if kind == "seasonal_ad":
        role = g.c(["Seasonal Pool Technician", "Seasonal Landscaping Crew", "Seasonal Installer (spring/summer)", "Seasonal Service Tech"])
        subj = g.c([f"Your job post '{role}' is live", f"New applicant for {role}", f"{g.r.randrange(2, 30)} new candidates for {role}"])
        why = "job-board notice for a 'seasonal' job advert: RECRUITMENT (subject matter), not SEASONAL; no draft"
    else:
        subj = g.c([f"New application: {role} - {first} {last}", f"{first} {last} applied to {role}", f"Candidate match: {role}"])
        why = "job-board applicant notice: RECRUITMENT, low, no draft"
    text = (f"{subj}\n\nCandidate: {first} {last}\nLocation: {biz['city']}\nExperience: {g.r.randrange(0, 12)} years\n\n"
            f"Review the application in your employer dashboard.\n")
    headers = {"Auto-Submitted": "auto-generated"} if g.p(0.3) else {}
    if g.p(0.2):
        headers["List-Unsubscribe"] = f"<https://{baddr.split('@')[1]}/settings>"
    msg = g.message(biz, from_name=board, from_addr=baddr, subject=subj, text=text, headers=headers)
    return msg, label(f"recruit_{kind}", "RECRUITMENT", "low", False, False, why)


def k_misc(g, biz):
    kind = g.c(["ooo", "ooo", "phish", "phish", "misdirected", "unclear", "bounce", "ooo_fr_es"])
    first, last, addr = g.person("en")
    headers = {}
    lang = "en"
    if kind in ("ooo", "ooo_fr_es"):
        lang = "en" if kind == "ooo" else g.c(["fr", "es"])
        text = {"en": f"Thank you for your email. I am out of the office until {g.c(P.DAYS)} with limited access to email. For urgent matters please contact {g.c(['my colleague', 'the front desk', 'our main line'])}.\n\n{first} {last}\n",
                "fr": f"Bonjour,\n\nJe suis absent du bureau jusqu'au {g.r.randrange(2, 28)} et je n'ai pas accès à mes courriels. Je vous répondrai à mon retour.\n\n{first}\n",
                "es": f"Gracias por su correo. Estaré fuera de la oficina hasta el {g.r.randrange(2, 28)}. Responderé a mi regreso.\n\n{first}\n"}[lang]
        subj = {"en": g.c(["Out of Office", "Automatic reply: Your estimate", "Auto: Re: appointment", "Away until Monday"]),
                "fr": "Réponse automatique : absent du bureau", "es": "Respuesta automática: Fuera de la oficina"}[lang]
        headers["Auto-Submitted"] = "auto-replied"
        if g.p(0.5):
            headers["X-Autoreply"] = "yes"
        if g.p(0.3):
            headers["X-Auto-Response-Suppress"] = "All"
        r = g.r.random()
        if r < 0.2:
            del headers["Auto-Submitted"]
            headers["Precedence"] = "auto_reply"
        elif r < 0.4:
            headers["Auto-Submitted"] = "auto-generated"  # some servers mark out-of-office replies this way
            headers["X-Auto-Response-Suppress"] = "All"
        elif r < 0.5:
            del headers["Auto-Submitted"]  # a plain auto-reply with no header at all: the content decides
        why = "out-of-office auto-reply (RFC 3834 auto-replied): MISC, low, no draft"
        frm = (f"{first} {last}", addr)
    elif kind == "phish":
        subj = g.c(["Action required: your mailbox storage is full", "Your Microsoft 365 password expires today",
                    "DocuSign: please review and sign the invoice", "Payment failed - update your billing now",
                    "Your Google Business Profile will be suspended", "Wire transfer request - confidential"])
        text = (f"{subj}.\n\nClick here to verify your account within 24 hours or it will be deactivated: https://secure-verify-{g.r.randrange(999)}.top/login\n\n"
                f"{g.c(['IT Support Team', 'Billing Department', 'Account Security'])}\n")
        frm = (g.c(["Microsoft Account Team", "IT Helpdesk", "DocuSign", "Google Support", "Billing"]), f"support@{g.c(['m1crosoft-secure.com', 'docs-sign-review.net', 'gbp-notice-center.info', 'account-verify.xyz'])}")
        why = "phishing (lookalike domain, credential link): MISC, low, never drafted or escalated"
    elif kind == "misdirected":
        text = g.c(["Hi Mom, here are the photos from the weekend. Love you!", "Can I order a large pepperoni for pickup at 6?",
                    "Is this the dentist's office? I need to move my cleaning.", "Hey Jake, are we still on for golf Saturday?",
                    "Please find attached the minutes of the PTA meeting."]) + f"\n\n{first}\n"
        subj = g.c(["photos", "order", "appointment", "Saturday", "PTA minutes"])
        frm = (f"{first} {last}", addr)
        why = "misdirected mail (meant for someone else): MISC, low, no draft"
    elif kind == "unclear":
        text = g.c(["hi", "?", "test", "see attached", "call me", ""]) + "\n"
        subj = g.c(["", "hi", "(no subject)", "Fwd:", "hello"])
        frm = (first, addr)
        why = "unclear mail with no actionable content: MISC, low, no draft"
    else:
        subj = g.c(["Undelivered Mail Returned to Sender", "Delivery Status Notification (Failure)", "Mail delivery failed: returning message to sender"])
        text = f"This is the mail system at host mx.{g.c(D.FREEMAIL)}.\n\nI'm sorry to have to inform you that your message could not be delivered to one or more recipients.\n\n<{addr}>: host said: 550 5.1.1 User unknown\n"
        frm = ("Mail Delivery System", f"MAILER-DAEMON@mx.{g.c(D.FREEMAIL)}")
        headers["Auto-Submitted"] = "auto-replied"
        why = "bounce / delivery failure: MISC, low, no draft"
    msg = g.message(biz, from_name=frm[0], from_addr=frm[1], subject=subj, text=text, headers=headers, lang=lang)
    lab = label(f"misc_{kind}", "MISC", "low", False, False, why)
    lab["lang"] = lang
    return msg, lab


def k_manager(g, biz):
    name, local, roles = g.c(biz["managers"])
    staff = g.p(0.3)
    if staff:
        first, last, _ = g.person("en")
        name, local = f"{first} {last}", g.c([f"{ascii_fold(first).lower()}", f"tech{g.r.randrange(1, 9)}", "dispatch", "office", "crew"])
    lang = "fr" if biz["langs"].get("fr", 0) > 0.5 and g.p(0.5) else "en"
    notes = {"en": ["I'm on call this weekend - if the {equip} job at {addr} calls back, I'll handle it.",
                    "URGENT: we need more {equip} parts on the truck before tomorrow's install.",
                    "Gas leak call at {addr} is handled, utility was there, all safe. Writing it up tonight.",
                    "Can you approve the quote for the {city} job? Customer wants an answer today.",
                    "Reminder: staff meeting Monday 7am. Bring your timesheets.",
                    "Month-end numbers attached. Receivables are up, let's chase the big ones.",
                    "The van needs new tires, booking it in Thursday.",
                    "Heads up - customer at {addr} was angry about the delay, I smoothed it over.",
                    "Emergency: I cut my hand on site, going to get stitches, crew is finishing up.",
                    "Please call the supplier about the backorder, we're stuck without it.",
                    "Storm prep: everyone keep phones on tonight, expect a lot of leak calls.",
                    "I'll be off Friday for my kid's graduation.", "New hire starts Tuesday, can someone ride along with him?"],
             "fr": ["Je suis de garde ce week-end pour les appels d'urgence.", "Réunion d'équipe lundi 7h.",
                    "URGENT : il manque des pièces dans le camion pour demain.", "Peux-tu approuver la soumission pour {addr}?"]}[lang]
    text = g.fill(g.c(notes), biz, lang)
    if g.p(0.4):
        text += " " + g.fill(g.c(notes), biz, lang)
    text = g.typos(text, 0.2) + f"\n\n{name.split()[0]}\n"
    if g.p(0.2):
        c_first, c_last, c_addr = g.person("en")
        text += (f"\n---------- Forwarded message ---------\nFrom: {c_first} {c_last} <{c_addr}>\nSubject: leak\n\n"
                 f"{g.cap(g.fill(g.bank(biz, 'high', 'en'), biz))}. Please call.\n")
    subj = g.c(["on call", "URGENT parts", "quick one", "FYI", "Re: schedule", "approval needed", "storm prep", "Fwd: leak",
                "staff meeting", "numbers", "URGENT - read", "van", "time off"])
    urg = "low" if any(w in subj for w in ("FYI", "staff meeting", "numbers", "time off")) else "normal"
    msg = g.message(biz, from_name=name, from_addr=f"{local}@{biz['domain']}", subject=subj, text=text, lang=lang,
                    to=f"{g.c(biz['managers'])[1]}@{biz['domain']}")
    sub = name if not staff else "Unassigned"
    return msg, label("internal", "MANAGER", urg, False, False,
                      "sender at the business's own domain: MANAGER, never escalated or drafted (even 'urgent')", sub) | dict(lang=lang)


def k_insurer(g, biz):
    """Roofing INSURANCE from insurers / adjusters (a person -> draft; a portal notice -> no draft)."""
    first, last, _ = g.person("en")
    ins = g.c(["statefarm.com", "allstate.com", "libertymutual.com", "travelers.com", "usaa.com", "intact.net"])
    claim = f"{g.r.randrange(10, 99)}-{g.r.randrange(1000, 9999)}-{g.r.randrange(100, 999)}"
    if g.p(0.5):
        text = (f"Hello,\n\nI'm the field adjuster assigned to claim {claim} for the homeowner at {g.addr('en')}. "
                f"{g.c(['Can you send your estimate and photos of the hail damage?', 'I would like to meet your estimator on site Thursday.', 'Please send the supplement for the decking with line items.'])}\n\n{first} {last}\nProperty Claims\n")
        msg = g.message(biz, from_name=f"{first} {last}", from_addr=f"{ascii_fold(first).lower()}.{ascii_fold(last).lower().replace(chr(39), '')}@{ins}",
                        subject=f"Claim {claim} - estimate needed", text=text)
        return msg, label("insurer_adjuster", "INSURANCE", "normal", False, True, "adjuster writing about a claim to a roofer: INSURANCE, normal, draft")
    text = f"Claim {claim} status update\n\nThe status of this claim changed to: {g.c(['Inspection scheduled', 'Payment issued', 'Supplement under review'])}.\n\nThis is an automated message. Do not reply.\n"
    msg = g.message(biz, from_name="Claims Center", from_addr=f"noreply@claims.{ins}", subject=f"Claim {claim}: status update", text=text,
                    headers={"Auto-Submitted": "auto-generated"})
    return msg, label("insurer_notice", "INSURANCE", "low", False, False, "insurer's automated claim notice: INSURANCE (roofing), low, no-reply sender so no draft")


def k_permit(g, biz):
    """General contractor PERMITS from a city office (person -> draft; portal -> no draft)."""
    first, last, _ = g.person("en")
    city = g.c(["phila.gov", "cityofcamden.gov", "montcopa.org", "bucks.gov"] if biz["id"] == "keystone-gc" else
               ["cityoftacoma.org", "piercecountywa.gov", "lakewoodwa.gov"])
    permit = f"BP-{g.r.randrange(2025, 2027)}-{g.r.randrange(1000, 99999)}"
    if g.p(0.5):
        text = (f"Good afternoon,\n\nRegarding permit {permit}: {g.c(['the plan review has comments on the egress windows; please revise and resubmit.', 'the framing inspection is scheduled for Tuesday between 8 and noon.', 'we need the stamped structural drawings before we can issue.'])}\n\n{first} {last}\nDepartment of Licenses & Inspections\n")
        msg = g.message(biz, from_name=f"{first} {last}", from_addr=f"{ascii_fold(first).lower()}.{ascii_fold(last).lower().replace(chr(39), '')}@{city}",
                        subject=f"Permit {permit}", text=text)
        return msg, label("permit_office", "PERMITS", "normal", False, True, "city permit office writing to a general contractor: PERMITS, normal, draft")
    text = f"Permit application {permit} status: {g.c(['Issued', 'Ready for payment', 'Inspection passed', 'Corrections required'])}.\nLog in to the portal for details.\nThis mailbox is not monitored.\n"
    msg = g.message(biz, from_name="eCLIPSE Permit Portal", from_addr=f"no-reply@permits.{city}", subject=f"{permit} status changed",
                    text=text, headers={"Auto-Submitted": "auto-generated"})
    return msg, label("permit_portal", "PERMITS", "low", False, False, "permit portal notice: PERMITS, low, no-reply so no draft")


# =============================================================================================

KINDS = [  # (weight, function, args)
    (95, k_customer, ("crit",)), (95, k_customer, ("high",)), (150, k_customer, ("quote",)), (130, k_customer, ("repair",)),
    (60, k_customer, ("sched",)), (55, k_customer, ("billing",)), (35, k_customer, ("warranty",)), (35, k_customer, ("calm",)),
    (60, k_customer, ("angry",)), (35, k_customer, ("owner",)), (160, k_customer, ("extra",)), (25, k_customer, ("crossextra",)),
    (170, k_form, ()), (140, k_phone, ()), (95, k_review, ()), (60, k_social, ()), (95, k_supplier, ()),
    (35, k_supplier, (True,)), (55, k_promo, ()), (45, k_pitch, ()), (105, k_bank, ()), (75, k_recruit, ()), (115, k_misc, ()), (105, k_manager, ()),
    (12, k_insurer, ()), (15, k_permit, ()),
]


# Hard negatives (phrases_routine.py): appended after the base corpus from a separate random stream, so the base
# messages stay byte-identical and the effect of the extension can be measured on its own.
# A share of true emergencies (the same banks as the base corpus) keeps the emergency words' weight where the
# routine mail would otherwise dilute it.
HARD_NEGATIVE_KINDS = [(45, k_customer, ("routine",)), (12, k_customer, ("calm",)), (20, k_form, ("routine",)), (13, k_phone, ("routine",)),
                       (15, k_customer, ("extra",)),
                       (8, k_customer, ("crit",)), (10, k_customer, ("high",)), (2, k_form, ("crit",)), (3, k_form, ("high",))]
HARD_NEGATIVES = 500
# Then threats (phrases_routine.THREAT), again with their own stream: complaints like the calm ones above plus a threat
# of a review, the BBB, a lawyer or court, which the conventions escalate ("small claims" is not an insurance claim).
THREATS = 60
# Then the variety round (phrases_variety.py), a fourth stream: alarming words in routine mail (past, hypothetical,
# preventive, a vulnerable person mentioned in passing, no rush), emergencies said plainly with the person at risk,
# French and Spanish at every business, plumbing/electrical/general-contractor mail, permits and subcontractors.
VARIETY_KINDS = [(40, k_customer, ("routine",)), (14, k_form, ("routine",)), (10, k_phone, ("routine",)),
                 (14, k_customer, ("crit",)), (10, k_customer, ("high",)), (5, k_form, ("crit",)), (4, k_form, ("high",)),
                 (4, k_phone, ("vm_crit",)), (3, k_phone, ("vm_high",)), (8, k_customer, ("extra_gc",)), (3, k_permit, ()),
                 (4, k_customer, ("repair",)), (4, k_customer, ("quote",))]
VARIETY = 600
# Trades the variety part draws more often (each listed business once more): the second held-out kind of trade.
VARIETY_TRADES = ("plumbing", "electrical", "general_contractor")


def generate(seed, count, out, hard_negatives=HARD_NEGATIVES, variety=VARIETY):
    g = Gen(seed)
    os.makedirs(out, exist_ok=True)
    for f in os.listdir(out):
        if f.endswith(".eml"):
            os.remove(os.path.join(out, f))
    weights = [w for w, _, _ in KINDS]
    hn_weights = [w for w, _, _ in HARD_NEGATIVE_KINDS]
    labels = []
    threats = THREATS if hard_negatives else 0
    v_weights = [w for w, _, _ in VARIETY_KINDS]
    base_end = count + hard_negatives + threats
    for i in range(1, base_end + variety + 1):
        if i == count + 1:
            g.r = random.Random(seed * 7919 + 1)
            g.contrast = True  # emergencies of the appended part draw on phrases_routine.EMERGENCY too
        if i == count + hard_negatives + 1:
            g.r = random.Random(seed * 7919 + 2)
        if i == base_end + 1:
            g.r = random.Random(seed * 7919 + 3)
            g.contrast, g.variety = False, True
        if i <= count:
            _, fn, args = g.r.choices(KINDS, weights=weights)[0]
        elif i <= count + hard_negatives:
            _, fn, args = g.r.choices(HARD_NEGATIVE_KINDS, weights=hn_weights)[0]
        elif i <= base_end:
            fn, args = k_customer, ("angry",)
        else:
            _, fn, args = g.r.choices(VARIETY_KINDS, weights=v_weights)[0]
        pool = D.BUSINESSES
        if i > base_end:
            pool = D.BUSINESSES + [b for b in D.BUSINESSES if b["type"] in VARIETY_TRADES]
        gc_only = args == ("extra_gc",)
        if gc_only:
            args = ("extra",)
        if fn is k_insurer:
            pool = [b for b in D.BUSINESSES if b["type"] == "roofing"]
        elif fn is k_permit:
            pool = [b for b in D.BUSINESSES if b["type"] == "general_contractor"]
        elif fn is k_customer and args[0] == "extra":
            # Pick (business, extra) pairs uniformly so every industry extra is represented.
            pairs = [(b, k) for b in D.BUSINESSES if not gc_only or b["type"] == "general_contractor" for k in
                     {"general_contractor": ["extra", "sub"], "saunas_ice_baths": ["extra", "seasonal"]}.get(b["type"], ["extra"])
                     if D.INDUSTRY_EXTRAS[b["type"]]]
            b, g.extra_key = g.c(pairs)
            pool = [b]
        elif fn is k_customer and args[0] == "crossextra":
            pool = [b for b in D.BUSINESSES if not D.INDUSTRY_EXTRAS[b["type"]]]
        biz = g.c(pool)
        msg, lab = fn(g, biz, *args)
        slug = lab["kind"].lower().replace(" ", "-")[:40]
        fname = f"{i:04d}-{slug}.eml"
        data = msg.as_bytes(policy=msg.policy.clone(linesep="\r\n", max_line_length=78))
        with open(os.path.join(out, fname), "wb") as fh:
            fh.write(data)
        rec = dict(file=fname, business=biz["id"], industry=biz["type"], category=lab["category"], subcategory=lab.get("subcategory"),
                   urgency=lab["urgency"], escalate=lab["escalate"], draft=lab["draft"], lang=lab.get("lang", "en"),
                   style=lab.get("style", "machine"), kind=lab["kind"], why=lab["why"])
        labels.append(rec)
    # The labels and the reason for each (`why`, for people) in two compact files, so neither nears 1 MiB;
    # train.corpus_hash rebuilds the one-file form it has always hashed.
    with open(os.path.join(out, "labels.jsonl"), "w", encoding="utf-8") as fh, \
         open(os.path.join(out, "reasons.jsonl"), "w", encoding="utf-8") as reasons:
        for rec in labels:
            fh.write(json.dumps({k: v for k, v in rec.items() if k != "why"}, ensure_ascii=False, separators=(",", ":")) + "\n")
            reasons.write(json.dumps({"file": rec["file"], "why": rec["why"]}, ensure_ascii=False, separators=(",", ":")) + "\n")
    write_businesses(os.path.join(out, "businesses.json"))
    return labels


def write_businesses(path):
    out = []
    for b in D.BUSINESSES:
        out.append(dict(
            id=b["id"],
            client_config=dict(version=1, business=dict(name=b["name"], type=b["type"], email_domain=b["domain"], timezone=b["tz"],
                                                        currency=b["currency"], website=f"https://{b['domain']}",
                                                        service_area=f"{b['city']}, {b['region']}"),
                               contact=dict(name=b["managers"][0][0], role="Owner", email=f"{b['managers'][0][1]}@{b['domain']}",
                                            after_hours_phone=b["after_hours"]),
                               signature=f"{b['name']}\n{b['phone']} | {b['domain']}"),
            managers=[dict(name=n, email=f"{l}@{b['domain']}", roles=r, forward=i == 0) for i, (n, l, r) in enumerate(b["managers"])],
            suppliers=[dict(name=n, email=f"orders@{d[0]}", domains=d, category=c) for n, d, c in b["suppliers"]],
            languages=b["langs"],
        ))
    with open(path, "w", encoding="utf-8") as fh:
        json.dump(out, fh, ensure_ascii=False, indent=1)
        fh.write("\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seed", type=int, default=20261206)
    ap.add_argument("--count", type=int, default=2800)
    ap.add_argument("--hard-negatives", type=int, default=HARD_NEGATIVES,
                    help="routine customer mail with emergency-adjacent words, appended with its own random stream")
    ap.add_argument("--variety", type=int, default=VARIETY, help="the variety round (phrases_variety.py), a fourth stream")
    ap.add_argument("--out", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus"))
    a = ap.parse_args()
    labels = generate(a.seed, a.count, a.out, a.hard_negatives, a.variety)
    from collections import Counter
    print(f"wrote {len(labels)} messages to {a.out}")
    print("categories:", dict(sorted(Counter(x["category"] for x in labels).items())))
    print("languages:", dict(Counter(x["lang"] for x in labels)))
    print("industries:", dict(Counter(x["industry"] for x in labels)))


if __name__ == "__main__":
    main()
