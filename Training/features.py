"""Feature extraction for the FloWorx triage model. This file IS the spec a Swift port reproduces.

Input: one message in the shape of FloWorx's normalized `EmailMessage` (from, reply_to, subject, text, html,
headers: auto_submitted, list_unsubscribe, list_id, precedence, x_autoreply, x_auto_response_suppress,
in_reply_to; attachments: filename + content_type) plus the business context (industry, own email domain,
manager addresses, supplier domains). Output: a sparse vector {bucket: value} over 2^18 buckets.

Every step is spelled out in Training/README.md ("Feature specification"); keep the two in sync and bump
FEATURE_VERSION when anything here changes.
"""
import html as htmllib
import math
import re
import unicodedata

FEATURE_VERSION = 2
# Who is at risk and whether it is happening now (feature version 2). Whole normalised tokens (accents removed).
RISK_PERSON = {"baby", "babies", "newborn", "newborns", "infant", "infants", "toddler", "toddlers", "elderly", "grandma",
               "grandmother", "grandpa", "grandfather", "granny", "pregnant", "wheelchair", "oxygen", "dementia", "bedridden",
               "frail", "disabled", "nourrisson", "bebe", "bebes", "enceinte", "agee", "agees", "age", "grandmere", "grandpere",
               "mamie", "papi", "anciano", "anciana", "ancianos", "abuela", "abuelo", "abuelita", "abuelito", "embarazada",
               "recien", "kids", "kid", "children", "child", "enfants", "enfant", "ninos", "nino", "nina"}
AGE_UNITS = {"year", "years", "yr", "yrs", "ans", "anos"}
NOW_WORDS = {"now", "tonight", "currently", "right", "still", "immediately", "maintenant", "presentement", "ahora", "ahorita",
             "ya", "actuellement", "encore", "sigue", "todavia"}
PAST_WORDS = {"last", "ago", "fixed", "repaired", "resolved", "previous", "before", "dernier", "derniere", "passe", "passee",
              "repare", "reparee", "pasado", "pasada", "arreglaron", "anterior"}
HYPO_WORDS = {"if", "ever", "whether", "what", "should", "would", "quoi", "faire", "que", "deberiamos", "debemos"}
QUOTE_WORDS = {"quote", "estimate", "price", "pricing", "cost", "soumission", "prix", "cotizacion", "presupuesto", "precio"}
BUCKETS_LOG2 = 18
BUCKET_MASK = (1 << BUCKETS_LOG2) - 1
MAX_BODY_TOKENS = 400
CHAR_NGRAMS = (3, 4, 5)

FREEMAIL = {"gmail.com", "googlemail.com", "yahoo.com", "yahoo.ca", "ymail.com", "hotmail.com", "outlook.com", "live.com",
            "live.ca", "msn.com", "icloud.com", "me.com", "mac.com", "aol.com", "protonmail.com", "proton.me", "gmx.com",
            "shaw.ca", "telus.net", "videotron.ca", "sympatico.ca", "bell.net", "rogers.com", "comcast.net", "att.net",
            "cox.net", "verizon.net", "earthlink.net", "sbcglobal.net"}
STOP = {
    "en": {"the", "and", "is", "to", "for", "you", "my", "we", "it", "of", "have", "our", "this", "can", "please", "with", "your"},
    "fr": {"le", "les", "des", "et", "est", "pour", "je", "vous", "nous", "une", "pas", "dans", "il", "avec", "mon", "au", "du"},
    "es": {"el", "los", "las", "y", "es", "para", "por", "una", "mi", "se", "con", "en", "del", "al", "lo", "su", "muy"},
}
NOREPLY_RE = re.compile(r"^(no[-_.]?reply|do[-_.]?not[-_.]?reply|donotreply|ne[-_.]?pas[-_.]?repondre|no[-_.]?responder)")
MACHINE_LOCAL_RE = re.compile(r"^(wordpress|website|web|webmaster|forms?|wix|squarespace|mailer|notifications?)$")
NOTIFY_RE = re.compile(r"(notif|alert|notify|mailer|news|marketing|promo|updates|digest|info@)")
QUOTE_HEAD_RE = re.compile(
    r"^(on .{4,200} wrote:|le .{4,200} a [ée]crit ?:|el .{4,200} escribi[óo]:|-{2,}\s*original message\s*-{2,}|"
    r"-{2,}\s*message d'origine\s*-{2,}|-{2,}\s*mensaje original\s*-{2,}|_{10,})\s*$", re.IGNORECASE)
OUTLOOK_FROM_RE = re.compile(r"^(from|de|von)\s?:\s.+$", re.IGNORECASE)
SIG_RE = re.compile(r"^(-- ?|sent from my .*|get outlook for .*|envoy[ée] de mon .*|enviado desde mi .*|obtener outlook para .*)$",
                    re.IGNORECASE)
FIELD_RE = re.compile(r"^\s*\**[^\W\d_][^\n:|]{0,30}?\**\s*(:|\s-\s|\s–\s|\|)\s*\S")
DURATION_RE = re.compile(r"\b(\d{1,2}:\d{2}|\d{1,3}\s?(sec|secs|seconds|secondes|segundos))\b", re.IGNORECASE)
EMAIL_RE = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
PHONE_RE = re.compile(r"(\+?1[\s.-]?)?\(?\d{3}\)?[\s.-]?\d{3}[\s.-]?\d{4}")
STARS_RE = re.compile(r"(★+)|\b([1-5])(?:\.0)?\s?(?:/\s?5|stars?|out of 5|étoiles?|estrellas?)\b|\brating:?\s*([1-5])\b", re.IGNORECASE)


def fnv1a32(s):
    """FNV-1a, 32 bit, over the UTF-8 bytes of s."""
    h = 0x811C9DC5
    for b in s.encode("utf-8"):
        h ^= b
        h = (h * 0x01000193) & 0xFFFFFFFF
    return h


_HASH_MEMO = {}


def bucket(feature):
    b = _HASH_MEMO.get(feature)
    if b is None:
        b = fnv1a32(feature) & BUCKET_MASK
        if len(_HASH_MEMO) < 3_000_000:
            _HASH_MEMO[feature] = b
    return b


def normalize(s):
    """NFKD, drop combining marks (general category Mn), lowercase (full Unicode mapping)."""
    s = unicodedata.normalize("NFKD", s)
    s = "".join(ch for ch in s if unicodedata.category(ch) != "Mn")
    return s.lower()


def tokens(s):
    """Maximal runs of scalars whose general category is L* or N*, on normalized text.
    Digit runs of 3 or more ASCII digits have every digit replaced by '0' (phone numbers, amounts)."""
    out, cur = [], []
    for ch in s:
        if unicodedata.category(ch)[0] in "LN":
            cur.append(ch)
        elif cur:
            out.append("".join(cur))
            cur = []
    if cur:
        out.append("".join(cur))
    return [re.sub(r"[0-9]", "0", t) if sum(c in "0123456789" for c in t) >= 3 else t for t in out]


def html_to_text(h):
    """Drop <script>/<style> blocks; <br>, </p>, </div>, </tr>, </li>, </h1-6> become newlines; </td>, </th> a space;
    other tags removed; entities unescaped."""
    h = re.sub(r"(?is)<(script|style)\b.*?</\1\s*>", " ", h)
    h = re.sub(r"(?i)<br\s*/?>|</(p|div|tr|li|h[1-6])\s*>", "\n", h)
    h = re.sub(r"(?i)</t[dh]\s*>", " ", h)
    h = re.sub(r"<[^>]*>", "", h)
    return htmllib.unescape(h)


def body_text(msg):
    text = msg.get("text") or ""
    if text.strip():
        return text
    return html_to_text(msg.get("html") or "")


def strip_reply(body):
    """Cut at the first quoted-reply header line or signature line; drop lines starting with '>'."""
    out = []
    lines = body.replace("\r\n", "\n").split("\n")
    for i, line in enumerate(lines):
        s = line.strip()
        if QUOTE_HEAD_RE.match(s) or SIG_RE.match(line.rstrip()) or SIG_RE.match(s):
            break
        # Outlook-style quoted header: "From: x" followed within 3 lines by "Sent:"/"Date:"/"Envoyé :"/"Enviado:".
        if OUTLOOK_FROM_RE.match(s) and any(re.match(r"^(sent|date|envoy[ée]|enviado|gesendet)\s?:", t.strip(), re.I)
                                            for t in lines[i + 1:i + 4]):
            break
        if s.startswith(">"):
            continue
        out.append(line)
    return "\n".join(out)


def domain_of(addr):
    addr = (addr or "").strip().lower()
    return addr.rsplit("@", 1)[1] if "@" in addr else ""


def local_of(addr):
    addr = (addr or "").strip().lower()
    return addr.rsplit("@", 1)[0] if "@" in addr else addr


def domain_matches(dom, base):
    return bool(dom) and bool(base) and (dom == base or dom.endswith("." + base))


def structural(msg, biz):
    """Structural facts of a message as feature names (without the 'f:' prefix), plus a dict of facts for rules."""
    fr = (msg.get("from") or {}).get("email", "") or ""
    name = (msg.get("from") or {}).get("name", "") or ""
    dom, local = domain_of(fr), local_of(fr)
    rt = (msg.get("reply_to") or {}).get("email", "") if msg.get("reply_to") else ""
    h = msg.get("headers") or {}
    subj = msg.get("subject") or ""
    raw_body = body_text(msg)
    f = []
    mgr = fr.lower() in biz["managers"]
    machine = bool(NOREPLY_RE.search(local) or MACHINE_LOCAL_RE.match(local))
    own = domain_matches(dom, biz["domain"]) and (mgr or not machine)
    if domain_matches(dom, biz["domain"]) and not own:
        f.append("own_domain_machine")
    sup = any(domain_matches(dom, d) for d in biz["supplier_domains"])
    if own:
        f.append("own_domain")
    if mgr:
        f.append("manager")
    if sup:
        f.append("supplier")
    if dom in FREEMAIL:
        f.append("freemail")
    if NOREPLY_RE.search(local):
        f.append("noreply")
    if NOTIFY_RE.search(local + "@"):
        f.append("notify_local")
    if local.startswith("mailer-daemon") or local.startswith("postmaster"):
        f.append("mailer_daemon")
    auto = (h.get("auto_submitted") or "").strip().lower().split(";")[0].strip() or "none"
    f.append("auto=" + auto)
    if h.get("x_autoreply") or h.get("x_auto_response_suppress"):
        f.append("autoreply_hdr")
    if h.get("list_unsubscribe"):
        f.append("list_unsub")
    if h.get("list_id"):
        f.append("list_id")
    prec = (h.get("precedence") or "").strip().lower()
    if prec:
        f.append("prec=" + (prec if prec in ("bulk", "list", "junk", "auto_reply") else "other"))
    if h.get("in_reply_to"):
        f.append("in_reply_to")
    if rt and domain_of(rt) != dom:
        f.append("replyto_diff")
    if re.search(r"\bvia\b", name.lower()):
        f.append("display_via")
    nfields = sum(1 for line in raw_body.split("\n") if FIELD_RE.match(line))
    if nfields >= 3:
        f.append("fields3")
    if nfields >= 5:
        f.append("fields5")
    others = [e for e in EMAIL_RE.findall(raw_body) if e.lower() != fr.lower() and not domain_matches(domain_of(e), biz["domain"])]
    if others:
        f.append("email_in_body")
    if PHONE_RE.search(raw_body):
        f.append("phone_in_body")
    if DURATION_RE.search(raw_body):
        f.append("duration")
    html = msg.get("html") or ""
    if html and not (msg.get("text") or "").strip():
        f.append("html_only")
    if re.search(r"(?i)<td", html):
        f.append("html_table")
    for a in msg.get("attachments") or []:
        ct = (a.get("content_type") or "").lower()
        fn = (a.get("filename") or "").lower()
        if ct == "application/pdf" or fn.endswith(".pdf"):
            f.append("attach_pdf")
        elif "word" in ct or fn.endswith((".doc", ".docx", ".odt", ".rtf")):
            f.append("attach_doc")
        elif ct.startswith("audio/"):
            f.append("attach_audio")
        elif ct.startswith("image/"):
            f.append("attach_image")
    ns = normalize(subj).strip()
    if re.match(r"^(re|ré|rv|aw)\s?:", ns):
        f.append("subj_re")
    if re.match(r"^(fwd?|tr|rv)\s?:", ns):
        f.append("subj_fwd")
    m = STARS_RE.search(subj + "\n" + raw_body)
    if m:
        n = len(m.group(1)) if m.group(1) else int(m.group(2) or m.group(3))
        f.append(f"stars={min(n, 5)}")
    facts = dict(own_domain=own, manager=mgr, supplier=sup, auto=auto, noreply="noreply" in f,
                 list_unsub="list_unsub" in f, precedence=prec, customer_in_form=bool(rt and domain_of(rt) != dom) or bool(others))
    return f, facts


def language(toks):
    counts = {k: sum(1 for t in toks if t in v) for k, v in STOP.items()}
    best = max(("en", "fr", "es"), key=lambda k: (counts[k], k == "en"))
    return best if counts[best] > 0 else "en"


def cue_features(toks):
    """Who is at risk and when (feature version 2): `risk_person` (a vulnerable person: baby, elderly, pregnant, or an age
    of 65-99 followed by years/ans/anos), `cue_now`, `cue_past`, `cue_hypo`, `cue_quote` (at least one such token), and
    their pairs with `risk_person` so a linear model can tell "no heat, grandma is here" from "grandma lives here,
    book the yearly check"."""
    risk = False
    for i, t in enumerate(toks):
        if t in RISK_PERSON:
            risk = True
        elif t.isascii() and t.isdigit() and len(t) == 2 and int(t) >= 65 and i + 1 < len(toks) and toks[i + 1] in AGE_UNITS:
            risk = True
    ts = set(toks)
    out = []
    if risk:
        out.append("risk_person")
    for name, words in (("now", NOW_WORDS), ("past", PAST_WORDS), ("hypo", HYPO_WORDS), ("quote", QUOTE_WORDS)):
        if not ts.isdisjoint(words):
            out.append("cue_" + name)
            if risk:
                out.append("risk_person+" + name)
    return out


def extract(msg, biz):
    """Return ({bucket: value}, facts). Text features are log(1+count), L2-normalised; structural ones are 1.0."""
    subj = normalize(msg.get("subject") or "")
    body = normalize(strip_reply(body_text(msg)))
    st = tokens(subj)
    bt = tokens(body)[:MAX_BODY_TOKENS]
    counts = {}

    def add(feat):
        b = bucket(feat)
        counts[b] = counts.get(b, 0) + 1

    for seq in (st, bt):
        for i, t in enumerate(seq):
            add("w:" + t)
            if i:
                add("b:" + seq[i - 1] + " " + t)
    for t in st:
        add("s:" + t)
    for t in st + bt:
        p = "<" + t + ">"
        for n in CHAR_NGRAMS:
            for i in range(0, len(p) - n + 1):
                add("c:" + p[i:i + n])
    vec = {b: math.log1p(c) for b, c in counts.items()}
    norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
    vec = {b: v / norm for b, v in vec.items()}
    names, facts = structural(msg, biz)
    lang = language(st + bt)
    names.append("lang=" + lang)
    nb = len(bt)
    names.append("len=" + ("0" if nb < 10 else "1" if nb < 40 else "2" if nb < 120 else "3"))
    names.extend(cue_features(st + bt))
    raw = (msg.get("subject") or "") + " " + body_text(msg)
    if raw.count("!") >= 3:
        names.append("exclaim")
    for nm in names:
        b = bucket("f:" + nm)
        vec[b] = vec.get(b, 0.0) + 1.0
    facts["lang"] = lang
    facts["names"] = names
    return vec, facts
