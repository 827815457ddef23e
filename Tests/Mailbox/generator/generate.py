"""Builds Tests/Mailbox: client files, messages (.json and raw .eml bytes) and expectations.json.

Usage: python3 generate.py [mailbox-dir]   (default: the directory above this one)

Labels (category, subcategory, pre-filter kind, urgency, sentiment, entities) are written by hand in
hvac.py, pools.py and roofing.py. This script only renders the messages and derives `escalated` and
`draft` from those hand labels by the documented rule and draft semantics; it never runs the classifier."""
import base64, hashlib, json, os, quopri, re, sys, textwrap
from datetime import datetime, timezone, timedelta
from zoneinfo import ZoneInfo

ROOT = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DRAFTABLE = {'SALES', 'SUPPORT', 'URGENT', 'FORMSUB', 'MAINTENANCE', 'SEASONAL', 'INSURANCE', 'WELLNESS'}
URG_RANK = {'low': 0, 'normal': 1, 'high': 2, 'critical': 3}


def dd(s):
    return textwrap.dedent(s).strip('\n') + '\n'


# ---------------------------------------------------------------- time
def local_dt(when, tz, fold=0):
    dt = datetime.strptime(when, '%Y-%m-%d %H:%M').replace(tzinfo=ZoneInfo(tz), fold=fold)
    return dt


def iso_utc(dt):
    return dt.astimezone(timezone.utc).strftime('%Y-%m-%dT%H:%M:%S.000Z')


def rfc2822(dt):
    off = dt.utcoffset()
    mins = int(off.total_seconds() // 60)
    sign = '+' if mins >= 0 else '-'
    mins = abs(mins)
    days = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun']
    months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']
    return '%s, %d %s %d %02d:%02d:%02d %s%02d%02d' % (days[dt.weekday()], dt.day, months[dt.month - 1], dt.year,
                                                        dt.hour, dt.minute, dt.second, sign, mins // 60, mins % 60)


def after_hours(dt, client):
    bh = client['business_hours']
    local = dt.astimezone(ZoneInfo(bh['timezone']))
    date = local.strftime('%Y-%m-%d')
    hours = bh['hours']
    minute = local.hour * 60 + local.minute

    def parse(t):
        h, m = t.split(':')
        return int(h) * 60 + int(m)

    if any(h['date'] == date for h in hours.get('holidays', [])):
        return True
    intervals = None
    for o in hours.get('overrides', []):
        if o['date'] == date:
            intervals = o['intervals']
    if intervals is None:
        day = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'][local.weekday()]
        intervals = hours['weekly'].get(day, [])
    for start, end in intervals:
        s, e = parse(start), parse(end)
        if e > s and s <= minute < e:
            return False
    # (no interval in this mailbox crosses midnight)
    return True


# ---------------------------------------------------------------- rules
def leaf_match(leaf, facts):
    fact, op, value = leaf['fact'], leaf['op'], leaf['value']
    v = facts[fact]
    if fact == 'urgency':
        a = URG_RANK[v]
        vals = [URG_RANK[x] for x in value] if isinstance(value, list) else URG_RANK[value]
    else:
        a = v.lower() if isinstance(v, str) else v
        if isinstance(value, list):
            vals = [x.lower() if isinstance(x, str) else x for x in value]
        else:
            vals = value.lower() if isinstance(value, str) else value
    if op == 'eq':
        return a == vals
    if op == 'neq':
        return a != vals
    if op == 'in':
        return a in vals
    if op == 'not_in':
        return a not in vals
    if op in ('gt', 'gte', 'lt', 'lte'):
        if a is None:
            return False
        return {'gt': a > vals, 'gte': a >= vals, 'lt': a < vals, 'lte': a <= vals}[op]
    if op == 'contains':
        return a is not None and vals in a
    if op == 'contains_any':
        return a is not None and any(x in a for x in vals)
    if op == 'contains_all':
        return a is not None and all(x in a for x in vals)
    raise ValueError(op)


def cond_match(c, facts):
    if not c:
        return True
    if 'all' in c:
        return all(cond_match(x, facts) for x in c['all'])
    if 'any' in c:
        return any(cond_match(x, facts) for x in c['any'])
    if 'not' in c:
        return not cond_match(c['not'], facts)
    return leaf_match(c, facts)


# ---------------------------------------------------------------- MIME rendering
def enc_word(text, charset='utf-8', mode='Q'):
    raw = text.encode(charset)
    if mode == 'B':
        return '=?%s?B?%s?=' % (charset.upper() if charset != 'utf-8' else 'UTF-8', base64.b64encode(raw).decode())
    out = ''
    for b in raw:
        c = chr(b)
        if c == ' ':
            out += '_'
        elif c.isalnum() and b < 128:
            out += c
        else:
            out += '=%02X' % b
    return '=?%s?Q?%s?=' % (charset.upper() if charset != 'utf-8' else 'UTF-8', out)


def addr(name, email, enc=None):
    if not name:
        return email
    if enc:
        charset, mode = enc
        return '%s <%s>' % (enc_word(name, charset, mode), email)
    if re.search(r'[,.;:@()"]', name):
        return '"%s" <%s>' % (name.replace('"', ''), email)
    return '%s <%s>' % (name, email)


def fold(name, value, width=76):
    """Folds a header at spaces (RFC 5322 folding: CRLF + whitespace)."""
    line = name + ': '
    lines = []
    for word in value.split(' '):
        if len(line) + len(word) + 1 > width and line.strip() and not line.endswith(': '):
            lines.append(line.rstrip(' '))
            line = ' ' + word + ' '
        else:
            line += word + ' '
    lines.append(line.rstrip(' '))
    return '\r\n'.join(lines)


def qp(text, charset='utf-8'):
    data = text.replace('\n', '\r\n').encode(charset)
    return quopri.encodestring(data).decode('ascii')


def b64(data):
    s = base64.b64encode(data).decode('ascii')
    return '\r\n'.join(s[i:i + 76] for i in range(0, len(s), 76))


def html_of(text):
    paras = text.strip().split('\n\n')
    out = []
    for p in paras:
        p = p.replace('&', '&amp;').replace('<', '&lt;').replace('>', '&gt;')
        out.append('<div>' + p.replace('\n', '<br>') + '</div>')
    return '<div dir="ltr">' + '<div><br></div>'.join(out) + '</div>'


def boundary(seed, n=0):
    return '000000000000' + hashlib.sha1(('%s-%d' % (seed, n)).encode()).hexdigest()[:16]


def crlf(s):
    return s.replace('\r\n', '\n').replace('\n', '\r\n')


FAKE_PDF = (b'%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n'
            b'3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n')
FAKE_PNG = base64.b64decode('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==')


def render_eml(m, client, dt):
    """Returns the raw bytes of one message."""
    style = m.get('style', 'gmail')
    seed = m['message_id']
    hdr = []
    if style == 'outlook':
        hdr.append('Received: from YT3PR01MB9172.CANPRD01.PROD.OUTLOOK.COM (2603:10b6:b01:3f::12) by\r\n'
                   ' YT2PR01MB4811.CANPRD01.PROD.OUTLOOK.COM with HTTPS; ' + rfc2822(dt))
    else:
        hdr.append('Received: by 2002:a05:6a10:8f0c:b0:5d1:2e3a:1c4f with SMTP id o12csp2201842pxh;\r\n        ' + rfc2822(dt))
    frm = addr(m['from'][0], m['from'][1], m.get('name_enc'))
    hdr.append('From: ' + frm)
    to = m.get('to') or [(client['inbox_name'], client['inbox'])]
    hdr.append(fold('To', ', '.join(addr(n, e) for n, e in to)))
    if m.get('cc'):
        hdr.append(fold('Cc', ', '.join(addr(n, e) for n, e in m['cc'])))
    if m.get('reply_to'):
        hdr.append('Reply-To: ' + addr(*m['reply_to']))
    subj = m['subject']
    if m.get('subj_enc'):
        charset, mode = m['subj_enc']
        # Encode the whole subject as one or two encoded-words, folded.
        words = subj.split(' ')
        half = max(1, len(words) // 2) if len(subj) > 40 else len(words)
        parts = [' '.join(words[:half]), ' '.join(words[half:])]
        encoded = [enc_word(p + (' ' if i == 0 and parts[1] else ''), charset, mode) for i, p in enumerate(parts) if p]
        hdr.append('Subject: ' + '\r\n '.join(encoded))
    else:
        hdr.append(fold('Subject', subj))
    hdr.append('Date: ' + rfc2822(dt))
    hdr.append('Message-ID: ' + m['message_id'])
    if m.get('in_reply_to'):
        hdr.append('In-Reply-To: ' + m['in_reply_to'])
        hdr.append(fold('References', ' '.join(m.get('references', [m['in_reply_to']]))))
    h = m.get('headers', {})
    names = {'auto_submitted': 'Auto-Submitted', 'list_unsubscribe': 'List-Unsubscribe', 'list_id': 'List-Id',
             'precedence': 'Precedence', 'x_autoreply': 'X-Autoreply', 'x_auto_response_suppress': 'X-Auto-Response-Suppress'}
    for k, v in h.items():
        if k in names:
            hdr.append(fold(names[k], v))
    if 'list_unsubscribe' in h:
        hdr.append('List-Unsubscribe-Post: List-Unsubscribe=One-Click')
    if style == 'outlook':
        hdr.append(fold('Thread-Topic', re.sub(r'^(RE|Re|FW|Fw): ', '', subj) if not m.get('subj_enc') else 'message'))
        hdr.append('Thread-Index: AQHa' + hashlib.md5(seed.encode()).hexdigest()[:20] + '==')
        hdr.append('Accept-Language: en-CA, en-US')
        hdr.append('Content-Language: en-US')
        hdr.append('X-MS-Has-Attach: ' + ('yes' if m.get('pdf') else ''))
        hdr.append('X-MS-TNEF-Correlator:')
        hdr.append('X-MS-Exchange-Organization-SCL: 1')
        hdr.append('X-MS-Exchange-CrossTenant-OriginalArrivalTime: ' + rfc2822(dt.astimezone(timezone.utc)).replace('+0000', '(UTC)'))
    elif style in ('gmail', 'mixed-pdf', 'related'):
        hdr.append('X-Gm-Message-State: AOJu0Yw' + hashlib.md5(seed.encode()).hexdigest()[:24])
    for extra in m.get('extra_headers', []):
        hdr.append(extra)
    hdr.append('MIME-Version: 1.0')

    text = m['body']
    body_parts = []
    kind = m.get('mime', 'alternative-qp')
    b1, b2, b3 = boundary(seed, 1), boundary(seed, 2), boundary(seed, 3)
    if kind == 'alternative-qp':
        charset = m.get('charset', 'utf-8')
        cs = 'UTF-8' if charset == 'utf-8' else charset
        hdr.append('Content-Type: multipart/alternative; boundary="%s"' % b1)
        body = ('--%s\r\nContent-Type: text/plain; charset="%s"\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n%s\r\n'
                '--%s\r\nContent-Type: text/html; charset="%s"\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n%s\r\n--%s--\r\n') % (
            b1, cs, qp(text, charset), b1, cs, qp(m.get('html') or html_of(text), charset), b1)
        raw = body.encode('ascii')
    elif kind == 'plain-8bit':
        charset = m.get('charset', 'iso-8859-1')
        hdr.append('Content-Type: text/plain; charset=%s; format=flowed' % charset)
        hdr.append('Content-Transfer-Encoding: 8bit')
        raw = crlf(text).encode(charset)
    elif kind == 'plain-qp':
        charset = m.get('charset', 'windows-1252')
        hdr.append('Content-Type: text/plain; charset="%s"' % charset)
        hdr.append('Content-Transfer-Encoding: quoted-printable')
        raw = qp(text, charset).encode('ascii')
    elif kind == 'plain-7bit':
        hdr.append('Content-Type: text/plain; charset="us-ascii"')
        hdr.append('Content-Transfer-Encoding: 7bit')
        raw = crlf(text).encode('ascii')
    elif kind == 'base64':
        hdr.append('Content-Type: text/plain; charset="UTF-8"')
        hdr.append('Content-Transfer-Encoding: base64')
        raw = (b64(text.replace('\n', '\r\n').encode('utf-8')) + '\r\n').encode('ascii')
    elif kind == 'html-base64':
        hdr.append('Content-Type: text/html; charset="UTF-8"')
        hdr.append('Content-Transfer-Encoding: base64')
        raw = (b64((m.get('html') or html_of(text)).encode('utf-8')) + '\r\n').encode('ascii')
    elif kind == 'mixed-pdf':
        hdr.append('Content-Type: multipart/mixed; boundary="%s"' % b1)
        fname = m['pdf']
        body = ('--%s\r\nContent-Type: multipart/alternative; boundary="%s"\r\n\r\n'
                '--%s\r\nContent-Type: text/plain; charset="UTF-8"\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n%s\r\n'
                '--%s\r\nContent-Type: text/html; charset="UTF-8"\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n%s\r\n--%s--\r\n\r\n'
                '--%s\r\nContent-Type: application/pdf; name="%s"\r\nContent-Disposition: attachment; filename="%s"\r\n'
                'Content-Transfer-Encoding: base64\r\n\r\n%s\r\n--%s--\r\n') % (
            b1, b2, b2, qp(text), b2, qp(m.get('html') or html_of(text)), b2, b1, fname, fname, b64(FAKE_PDF), b1)
        raw = body.encode('ascii')
    elif kind == 'related':
        hdr.append('Content-Type: multipart/alternative; boundary="%s"' % b1)
        html = m.get('html') or (html_of(text) + '<p><img src="cid:logo@%s" alt="logo" width="120"></p>' % seed.strip('<>').split('@')[-1])
        body = ('--%s\r\nContent-Type: text/plain; charset="UTF-8"\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n%s\r\n'
                '--%s\r\nContent-Type: multipart/related; boundary="%s"; type="text/html"\r\n\r\n'
                '--%s\r\nContent-Type: text/html; charset="UTF-8"\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n%s\r\n'
                '--%s\r\nContent-Type: image/png; name="logo.png"\r\nContent-Disposition: inline; filename="logo.png"\r\n'
                'Content-ID: <logo@%s>\r\nContent-Transfer-Encoding: base64\r\n\r\n%s\r\n--%s--\r\n\r\n--%s--\r\n') % (
            b1, qp(text), b1, b2, b2, qp(html), b2, seed.strip('<>').split('@')[-1], b64(FAKE_PNG), b2, b1)
        raw = body.encode('ascii')
    elif kind == 'report':
        hdr.append('Content-Type: multipart/report; report-type=delivery-status;\r\n\tboundary="%s"' % b1)
        orig = m['original']
        body = ('--%s\r\nContent-Type: text/plain; charset="UTF-8"\r\nContent-Transfer-Encoding: 7bit\r\n\r\n%s\r\n'
                '--%s\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; %s\r\n\r\nFinal-Recipient: rfc822; %s\r\n'
                'Action: failed\r\nStatus: 5.1.1\r\nDiagnostic-Code: smtp; 550 5.1.1 The email account that you tried to reach does not exist.\r\n\r\n'
                '--%s\r\nContent-Type: text/rfc822-headers\r\n\r\n%s\r\n--%s--\r\n') % (
            b1, crlf(text), b1, m['from'][1].split('@')[1], orig['to'], b1, crlf(orig['headers']), b1)
        raw = body.encode('ascii')
    else:
        raise ValueError(kind)
    return ('\r\n'.join(hdr) + '\r\n\r\n').encode('ascii') + raw


# ---------------------------------------------------------------- build
def build(clients):
    expectations = []
    counts = {}
    os.makedirs(os.path.join(ROOT, 'clients'), exist_ok=True)
    for key, client, messages in clients:
        doc = {k: client[k] for k in ('client_config', 'managers', 'suppliers', 'business_hours', 'communication_style', 'escalation_rules')}
        with open(os.path.join(ROOT, 'clients', key + '.json'), 'w') as f:
            json.dump(doc, f, indent=2, ensure_ascii=False)
            f.write('\n')
        mdir = os.path.join(ROOT, 'messages', key)
        os.makedirs(mdir, exist_ok=True)
        for old in os.listdir(mdir):
            os.remove(os.path.join(mdir, old))
        tz = client['business_hours']['timezone']
        domain = client['client_config']['business']['email_domain']
        for n, m in enumerate(messages, 1):
            fmt = m.get('fmt', 'json')
            name = '%03d-%s.%s' % (n, m['slug'], fmt)
            dt = local_dt(m['when'], tz, m.get('fold', 0))
            if 'message_id' not in m:
                h = hashlib.sha1((key + m['slug']).encode()).hexdigest()
                if fmt == 'eml':
                    host = 'mail.gmail.com' if m.get('style', 'gmail') != 'outlook' else 'YT3PR01MB9172.CANPRD01.PROD.OUTLOOK.COM'
                    if m.get('style') == 'outlook':
                        m['message_id'] = '<YT3PR01MB%s%s@%s>' % (h[:4].upper(), h[4:16].upper(), host)
                    elif m.get('style', 'gmail') == 'gmail':
                        m['message_id'] = '<CA%s+%s@%s>' % (h[:20], h[20:32], host)
                    else:
                        m['message_id'] = '<%s.%s@%s>' % (h[:12], h[12:24], m['from'][1].split('@')[1])
                else:
                    m['message_id'] = ('gmail-' if n % 3 else 'outlook-') + h[:16]
            path = os.path.join(mdir, name)
            text = m['body']
            if fmt == 'json':
                to = m.get('to') or [(client['inbox_name'], client['inbox'])]
                obj = {'version': 1, 'provider': 'gmail' if m['message_id'].startswith('gmail') else 'outlook',
                       'message_id': m['message_id'], 'thread_id': m.get('thread_id'),
                       'from': {'email': m['from'][1], 'name': m['from'][0]},
                       'to': [{'email': e, 'name': nme} for nme, e in to],
                       'cc': [{'email': e, 'name': nme} for nme, e in m.get('cc', [])],
                       'subject': m['subject'], 'text': '' if m.get('html_only') else text, 'received_at': iso_utc(dt),
                       'headers': m.get('headers', {}), 'attachments': m.get('attachments', [])}
                if m.get('reply_to'):
                    obj['reply_to'] = {'email': m['reply_to'][1], 'name': m['reply_to'][0]}
                if m.get('html') or m.get('html_only'):
                    obj['html'] = m.get('html') or html_of(text)
                if m.get('in_reply_to'):
                    obj['headers']['in_reply_to'] = m['in_reply_to']
                    obj['headers']['references'] = m.get('references', [m['in_reply_to']])
                obj = {k: v for k, v in obj.items() if v is not None}
                if fmt == 'json':
                    with open(path, 'w') as f:
                        json.dump(obj, f, indent=2, ensure_ascii=False)
                        f.write('\n')
            if fmt == 'eml':
                with open(path, 'wb') as f:
                    f.write(render_eml(m, client, dt))
            # Facts as a domain expert reads the message.
            cat = m['cat']
            sub = m.get('sub')
            urg = m.get('urg') or ('high' if cat == 'URGENT' else ('low' if cat in ('PROMO', 'SOCIALMEDIA') else 'normal'))
            sent = m.get('sent', 'neutral')
            sender = m['from'][1].lower()
            sdomain = sender.split('@')[1]
            is_manager = any(x['email'].lower() == sender for x in client['managers'])
            is_supplier = any(sender == (x.get('email') or '').lower() or any(sdomain == d or sdomain.endswith('.' + d) for d in x.get('domains', []))
                              for x in client['suppliers'])
            is_internal = sdomain == domain or sdomain.endswith('.' + domain)
            facts = {'category': cat, 'subcategory': sub, 'confidence': 0.9, 'urgency': urg, 'sentiment': sent,
                     'sender_email': sender, 'sender_domain': sdomain, 'sender_is_manager': is_manager,
                     'sender_is_supplier': is_supplier, 'sender_is_internal': is_internal,
                     'subject': m['subject'].lower(), 'body': text.lower(), 'after_hours': after_hours(dt, client)}
            matched = [r for r in client['escalation_rules'] if r['is_active'] and cond_match(r['conditions'], facts)]
            escalated = any(a['type'] == 'mark_escalated' for r in matched for a in r['actions'])
            blocked = any(a['type'] == 'block_draft' for r in matched for a in r['actions'])
            pf = m.get('pf', 'none')
            appropriate = (cat in DRAFTABLE or (cat == 'GOOGLE_REVIEW' and sub == 'Response Needed')) and not (is_manager or is_supplier or is_internal)
            policy = client['client_config']['auto_reply']
            in_policy = policy['enabled'] and ('categories' not in policy or cat in policy['categories'])
            confident = not m.get('low_conf', False)
            draft = pf == 'none' and appropriate and in_policy and confident and not blocked
            e = {'client': key, 'file': 'messages/%s/%s' % (key, name), 'category': cat, 'subcategory': sub,
                 'escalated': escalated, 'draft': draft, 'prefilter': pf}
            if 'urg' in m or cat == 'URGENT':
                e['urgency'] = urg
            if 'sent' in m:
                e['sentiment'] = sent
            if m.get('ent'):
                e['entities'] = m['ent']
            if m.get('low_conf'):
                e['low_confidence'] = True
            e['after_hours'] = facts['after_hours']
            expectations.append(e)
            counts.setdefault(key, {}).setdefault(cat, 0)
            counts[key][cat] += 1
    with open(os.path.join(ROOT, 'expectations.json'), 'w') as f:
        json.dump(expectations, f, indent=2, ensure_ascii=False)
        f.write('\n')
    return expectations, counts


if __name__ == '__main__':
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import hvac, pools, roofing
    ex, counts = build([('hvac', hvac.CLIENT, hvac.MESSAGES), ('pools', pools.CLIENT, pools.MESSAGES), ('roofing', roofing.CLIENT, roofing.MESSAGES)])
    total = len(ex)
    eml = sum(1 for e in ex if e['file'].endswith('.eml'))
    print('messages', total, 'eml', eml, '(%.0f%%)' % (100 * eml / total))
    for k, c in counts.items():
        print(k, sum(c.values()), dict(sorted(c.items())))
    print('escalated', sum(e['escalated'] for e in ex), 'draft', sum(e['draft'] for e in ex))
