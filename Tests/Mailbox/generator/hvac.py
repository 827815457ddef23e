from generate import dd

DOMAIN = 'northlinehvac.ca'
HOLIDAYS = [('2026-01-01', "New Year's Day"), ('2026-02-16', 'Family Day'), ('2026-04-03', 'Good Friday'),
            ('2026-05-18', 'Victoria Day'), ('2026-07-01', 'Canada Day'), ('2026-08-03', 'Heritage Day'),
            ('2026-09-07', 'Labour Day'), ('2026-10-12', 'Thanksgiving'), ('2026-11-11', 'Remembrance Day'),
            ('2026-12-25', 'Christmas'), ('2026-12-26', 'Boxing Day')]

CLIENT = {
    'inbox': 'service@northlinehvac.ca', 'inbox_name': 'Northline Heating & Cooling',
    'client_config': {
        'version': 1,
        'business': {'name': 'Northline Heating & Cooling Ltd.', 'type': 'hvac', 'email_domain': DOMAIN,
                     'timezone': 'America/Edmonton', 'currency': 'CAD', 'website': 'https://northlinehvac.ca',
                     'service_area': 'Edmonton, St. Albert, Sherwood Park, Spruce Grove, Calgary'},
        'contact': {'name': 'Dave Kowalski', 'role': 'Owner', 'email': 'dave@northlinehvac.ca', 'after_hours_phone': '780-555-0199'},
        'services': [
            {'name': 'Furnace repair', 'description': '24/7 emergency furnace repair, all makes', 'pricing': '$149 service call'},
            {'name': 'Furnace replacement', 'description': 'High-efficiency gas furnaces, Lennox and Daikin', 'pricing': 'from $5,800 installed'},
            {'name': 'Air conditioning', 'description': 'Central AC and heat pump installs', 'pricing': 'from $6,200 installed'},
            {'name': 'Maintenance plan', 'description': 'Spring AC and fall furnace tune-ups, priority service', 'pricing': '$189/year'},
            {'name': 'Duct cleaning', 'description': 'Whole-home duct and vent cleaning', 'pricing': '$399'},
        ],
        'signature': 'Northline Heating & Cooling\n780-555-0100 | northlinehvac.ca',
        'auto_reply': {'enabled': True, 'min_confidence': 0.65, 'include_pricing': False},
        'holidays': [d for d, _ in HOLIDAYS],
        'sla': {'first_response_minutes': 60},
    },
    'managers': [
        {'name': 'Dave Kowalski', 'email': 'dave@northlinehvac.ca', 'phone': '780-555-0100', 'roles': ['owner'], 'forward': True},
        {'name': 'Priya Sandhu', 'email': 'priya@northlinehvac.ca', 'phone': '780-555-0101', 'roles': ['service', 'dispatch'], 'forward': True},
        {'name': 'Mark Leblanc', 'email': 'mark@northlinehvac.ca', 'phone': '780-555-0102', 'roles': ['sales'], 'forward': False},
        {'name': 'Karen Wu', 'email': 'karen@northlinehvac.ca', 'phone': '780-555-0103', 'roles': ['accounts'], 'forward': False},
    ],
    'suppliers': [
        {'name': 'Wolseley Canada', 'email': 'orders@wolseleyinc.ca', 'domains': ['wolseleyinc.ca'], 'category': 'parts'},
        {'name': 'EMCO', 'domains': ['emco.ca'], 'category': 'parts'},
        {'name': 'Lennox Canada', 'domains': ['lennoxcanada.ca', 'lennox.com'], 'category': 'equipment'},
        {'name': 'Refrigerative Supply', 'domains': ['refsupply.com'], 'category': 'refrigeration'},
    ],
    'business_hours': {
        'timezone': 'America/Edmonton',
        'hours': {'version': 1,
                  'weekly': {'mon': [['08:00', '17:00']], 'tue': [['08:00', '17:00']], 'wed': [['08:00', '17:00']],
                             'thu': [['08:00', '17:00']], 'fri': [['08:00', '17:00']], 'sat': [['09:00', '13:00']]},
                  'holidays': [{'date': d, 'name': n} for d, n in HOLIDAYS],
                  'overrides': [{'date': '2026-12-24', 'intervals': [['08:00', '12:00']], 'note': 'Christmas Eve, half day'}]},
    },
    'communication_style': {
        'name': 'Dave (default)', 'tone': 'friendly', 'formality': 'neutral',
        'personality_traits': ['straightforward', 'reassuring', 'practical'],
        'signature_phrases': ["We'll get you warm again.", 'No job too small.'],
        'response_patterns': {
            'greeting': 'Hi {first_name},', 'closing': 'Thanks,', 'length': 'medium',
            'category_guidance': {
                'URGENT': 'Tell them a technician is being dispatched and give the after-hours line 780-555-0199.',
                'SALES': 'Offer a free in-home estimate; never quote a price by email.',
                'MAINTENANCE': 'Mention the $189/year maintenance plan includes both tune-ups.',
                'SUPPORT': 'Confirm the details and offer the next available appointment.',
            },
        },
    },
    'escalation_rules': [
        {'name': 'Emergencies to the service manager', 'priority': 100, 'is_active': True,
         'conditions': {'any': [{'fact': 'category', 'op': 'eq', 'value': 'URGENT'},
                                {'fact': 'urgency', 'op': 'eq', 'value': 'critical'}]},
         'actions': [{'type': 'notify', 'channels': ['sms', 'email'], 'role': 'service'},
                     {'type': 'set_priority', 'priority': 10}, {'type': 'mark_escalated'}]},
        {'name': 'Legal or refund threats go to the owner', 'priority': 90, 'is_active': True,
         'conditions': {'all': [{'fact': 'sentiment', 'op': 'eq', 'value': 'negative'},
                                {'fact': 'sender_is_internal', 'op': 'eq', 'value': False},
                                {'any': [{'fact': 'body', 'op': 'contains_any',
                                          'value': ['lawyer', 'attorney', 'refund', 'bbb', 'better business bureau', 'small claims']},
                                         {'fact': 'subject', 'op': 'contains_any', 'value': ['refund', 'lawyer', 'bbb']}]}]},
         'actions': [{'type': 'forward', 'role': 'owner'}, {'type': 'block_draft'}, {'type': 'mark_escalated'}]},
        {'name': 'After-hours high urgency to dispatch', 'priority': 80, 'is_active': True,
         'conditions': {'all': [{'fact': 'after_hours', 'op': 'eq', 'value': True},
                                {'fact': 'urgency', 'op': 'gte', 'value': 'high'}]},
         'actions': [{'type': 'notify', 'channels': ['sms'], 'manager_email': 'priya@northlinehvac.ca'}]},
        {'name': 'Supplier invoices to accounts', 'priority': 50, 'is_active': True,
         'conditions': {'all': [{'fact': 'sender_is_supplier', 'op': 'eq', 'value': True},
                                {'any': [{'fact': 'subject', 'op': 'contains', 'value': 'invoice'},
                                         {'fact': 'body', 'op': 'contains', 'value': 'invoice'}]}]},
         'actions': [{'type': 'apply_label', 'category': 'BANKING', 'subcategory': 'Invoice'},
                     {'type': 'notify', 'channels': ['email'], 'role': 'accounts'}]},
        {'name': 'Unhappy reviews to the owner', 'priority': 40, 'is_active': True,
         'conditions': {'all': [{'fact': 'category', 'op': 'eq', 'value': 'GOOGLE_REVIEW'},
                                {'fact': 'subcategory', 'op': 'eq', 'value': 'Response Needed'}]},
         'actions': [{'type': 'notify', 'channels': ['email'], 'role': 'owner'}, {'type': 'mark_escalated'}]},
    ],
}

GOOGLE = ('Google Business Profile', 'businessprofile-noreply@google.com')
RC = ('RingCentral', 'notify@ringcentral.com')

MESSAGES = [
    # ------------------------------------------------------------------ URGENT
    dict(slug='no-heat-minus-30', fmt='eml', style='gmail', when='2026-01-13 06:42', from_=('Jenna Morrison', 'jenna.morrison82@gmail.com'),
         subject='No heat!! -32 outside', cat='URGENT', urg='critical',
         ent={'phone': '780-555-0142', 'address': '4415 Whitemud Road NW', 'contact_name': 'Jenna Morrison'},
         body=dd('''
            Hi,

            Our furnace stopped working sometime overnight and we woke up to 12 degrees inside. It's -32 out there.
            The thermostat says "heat on" but nothing is coming out of the vents, just a clicking sound from the furnace.

            We're at 4415 Whitemud Road NW. We have two little kids and I'm worried about the pipes.
            Can someone come out this morning? Please call me at 780-555-0142.

            Thanks,
            Jenna Morrison
            ''')),
    dict(slug='furnace-stopped-newborn', when='2026-02-02 21:15', from_=('Tom Becker', 'tbecker@shaw.ca'),
         subject='Furnace quit - newborn at home', cat='URGENT', urg='critical', ent={'phone': '587-555-0119'},
         body=dd('''
            Hello Northline,

            Our furnace quit about an hour ago. It tries to light, then shuts off after a few seconds, over and over.
            We have a 3 week old baby so we really need heat tonight. Space heaters are going but the house is getting cold fast.

            Address is 2231 Hillview Crescent SW. My cell is 587-555-0119, I'll keep it on all night.

            Tom Becker
            ''')),
    dict(slug='gas-smell-basement', fmt='eml', style='outlook', when='2026-11-18 10:05', from_=('Linda Okafor', 'l.okafor@outlook.com'),
         subject='Strong gas smell near furnace', cat='URGENT', urg='critical', ent={'phone': '780-555-0177'},
         body=dd('''
            Hi there,

            There's a strong gas smell in our basement by the furnace and hot water tank since this morning. We opened the windows
            and my husband shut the furnace off at the switch. Should we be calling ATCO too? Please send someone as soon as possible.

            Linda Okafor
            780-555-0177
            ''')),
    dict(slug='co-alarm-going-off', when='2026-12-05 23:40', from_=('Arjun Mehta', 'arjun.mehta@telus.net'),
         subject='CO alarm going off', cat='URGENT', urg='critical',
         body=dd('''
            Our carbon monoxide alarm keeps going off near the furnace room. We're all outside in the car right now.
            The fire department told us to get the furnace checked before we turn it back on. Can someone come tonight?

            Arjun
            780-555-0108
            ''')),
    dict(slug='no-heat-christmas', fmt='eml', mime='base64', style='plain', when='2026-12-25 08:10',
         from_=('Margaret Sinclair', 'msinclair1951@hotmail.com'),
         subject='Furnace not working Christmas morning', cat='URGENT', urg='critical', ent={'phone': '780-555-0154'},
         body=dd('''
            Good morning and Merry Christmas, I'm sorry to bother you today.

            My furnace is not working and the house is down to 14°C. I'm 74 and live alone, my family is supposed to come
            for dinner at 4. The furnace fan runs but it's blowing cold air.

            I'm at 15 Grandview Place in St. Albert. Home phone 780-555-0154.

            Margaret Sinclair
            ''')),
    dict(slug='ac-dead-heat-wave', when='2026-07-14 15:20', from_=('Chris Dubois', 'chris.dubois@gmail.com'),
         subject='AC died during the heat wave', cat='URGENT', urg='critical',
         body=dd('''
            Hi,

            Our air conditioner stopped working this afternoon, it's 33 degrees out and almost 30 inside.
            My elderly mother lives with us and she's not doing well in the heat. The outdoor unit is humming but the fan isn't spinning.

            Can you get someone out today? 6020 Terwillegar Drive NW.

            Chris Dubois
            587-555-0131
            ''')),
    dict(slug='basement-flooding-humidifier', when='2026-10-20 18:50', from_=('Nadia Hassan', 'nadia.h@gmail.com'),
         subject='Water pouring out of the furnace', cat='URGENT', urg='critical',
         body=dd('''
            Water is pouring out of the humidifier on the side of the furnace and the basement is flooding.
            I turned off the water valve I could find but it's still dripping. There's about an inch of water on the floor now.

            Please call 780-555-0126 right away.
            Nadia
            ''')),
    dict(slug='no-heat-dst-weekend', fmt='eml', style='gmail', when='2026-11-01 01:30', fold=1,
         from_=('Ryan Kowalczyk', 'ryank.yeg@gmail.com'),
         subject='no heat in the house', cat='URGENT', urg='critical',
         body=dd('''
            hey, sorry for the late email. came home and theres no heat, furnace is totally dead. no lights on the board at all.
            its -15 tonight. breaker looks fine. can someone come first thing?

            ryan
            780-555-0193
            12 Ravine Drive, Devon
            ''')),
    dict(slug='tenant-heat-not-working', when='2026-01-24 09:30', from_=('Westgate Property Management', 'maintenance@westgatepm.ca'),
         subject='Tenant reports heat not working - 11807 95 Street NW', cat='URGENT', urg='critical',
         ent={'address': '11807 95 Street NW'},
         body=dd('''
            Good morning,

            Our tenant at 11807 95 Street NW reports the heat is not working in the main floor suite since last night.
            Please dispatch a technician today and bill Westgate Property Management as usual (our PO to follow).
            Tenant contact: Maria Santos, 780-555-0167.

            Regards,
            Cheryl Tan
            Westgate Property Management
            ''')),

    # ------------------------------------------------------------------ SALES
    dict(slug='quote-new-furnace', fmt='eml', style='gmail', when='2026-09-15 11:20', from_=('Greg Paulson', 'greg.paulson@gmail.com'),
         subject='Quote for furnace replacement', cat='SALES', ent={'phone': '780-555-0187', 'contact_name': 'Greg Paulson'},
         body=dd('''
            Hi,

            Our furnace is original to the house (1998) and we'd like to replace it before winter with a high efficiency unit.
            Could you give us a quote? 1,850 sq ft bungalow with a finished basement. We'd also like to know about any rebates.

            Best time to reach me is after 3pm at (780) 555-0187.

            Thanks,
            Greg Paulson
            ''')),
    dict(slug='central-ac-quote', when='2026-04-22 13:05', from_=('Sophie Tremblay', 'sophie.tremblay@gmail.com'),
         subject='Central air conditioning install', cat='SALES',
         body=dd('''
            Hello,

            We're looking to add central air conditioning this spring. The house is a 2-storey, about 2,200 sq ft, built in 2008,
            with a forced air furnace. How much would an install cost, and how soon could you do it?

            Thank you,
            Sophie
            ''')),
    dict(slug='heat-pump-rebate', fmt='eml', style='outlook', mime='plain-qp', charset='windows-1252', when='2026-03-10 14:40',
         from_=('Daniel O\u2019Brien', 'dobrien@obrienlaw.ca'), name_enc=('windows-1252', 'Q'),
         subject='Heat pump + rebate question', cat='SALES', sent='neutral',
         body=dd('''
            Hi Mark,

            My neighbour had you install a cold-climate heat pump last fall and was very happy with it. We\u2019re considering the same \u2014
            we have a 2012 furnace and an old AC that needs replacing. Could you provide an estimate for a heat pump system,
            and do you know whether the \u201cGreener Homes\u201d rebate is still available?

            Daniel O\u2019Brien
            ''')),
    dict(slug='garage-heater', when='2026-10-03 11:00', from_=('Brent Larson', 'brentlarson@live.ca'),
         subject='Garage heater', cat='SALES',
         body=dd('''
            Looking to get a gas garage heater installed in a detached double garage (24x26). Gas line is already run to the garage.
            What would something like that cost roughly? I'm in Sherwood Park.

            Brent
            ''')),
    dict(slug='basement-ductwork', when='2026-03-10 19:25', from_=('Amanda Chu', 'amanda.chu@gmail.com'),
         subject='Ductwork for basement development', cat='SALES', ent={'contact_name': 'Amanda Chu'},
         body=dd('''
            Hi, we're starting our basement development next month and need ductwork run for 2 bedrooms, a bathroom and a rec room.
            Our contractor said to get an HVAC company in before drywall. Could you come out for a quote?

            Thanks!
            Amanda Chu
            ''')),
    dict(slug='tankless-cafe', fmt='eml', style='plain', mime='plain-8bit', charset='iso-8859-1', when='2026-05-06 09:15',
         from_=('Hélène Côté', 'helene@cafeboreal.ca'), name_enc=('iso-8859-1', 'Q'),
         subject='Tankless water heater for our café', cat='SALES', subj_enc=('iso-8859-1', 'Q'),
         ent={'contact_name': 'Hélène Côté', 'address': '10340 Whyte Avenue'},
         body=dd('''
            Bonjour,

            We run Café Boréal at 10340 Whyte Avenue. Our 50 gallon hot water tank is 14 years old and we would like to replace it
            with a tankless water heater before it fails. Could you send us a quote? We'd prefer the work be done on a Monday when we're closed.

            Merci,
            Hélène Côté
            ''')),
    dict(slug='comparing-quotes', when='2026-08-27 16:45', from_=('Paul Nguyen', 'pnguyen@gmail.com'),
         subject='Second quote for furnace and AC', cat='SALES',
         body=dd('''
            Hi,

            We got a quote from another company for a new furnace and AC combo for $11,900. We'd like a second quote before we decide.
            Are you able to come out next week? Furnace is a 2001 Goodman, AC is 2006.

            Paul
            ''')),
    dict(slug='rooftop-unit-commercial', fmt='eml', style='outlook', when='2026-06-09 10:30', from_=('Sandeep Gill', 'sgill@gillholdings.ca'),
         subject='RFQ - rooftop unit replacement, 3 units', cat='SALES',
         body=dd('''
            Good morning,

            We own a strip mall at 5120 50 Avenue in Leduc and need pricing to replace three 7.5 ton rooftop units (installed 2004).
            Please provide a written quote including crane, curb adapters and disposal. Our budget approval meeting is June 30.

            Regards,
            Sandeep Gill
            Gill Holdings Inc.
            780-555-0148
            ''')),
    dict(slug='financing-question', when='2026-09-29 20:10', from_=('Kayla Hunter', 'kayla.hunter@yahoo.ca'),
         subject='Financing options?', cat='SALES',
         body=dd('''
            Hi! Do you offer financing or a payment plan for a new furnace? Ours is 25 years old and we'd like to replace it this fall
            but can't pay it all at once. Thanks, Kayla
            ''')),

    # ------------------------------------------------------------------ SUPPORT
    dict(slug='reschedule-appointment', when='2026-10-14 07:55', from_=('Irene Park', 'irene.park@gmail.com'),
         subject='Need to reschedule Thursday', cat='SUPPORT',
         body=dd('''
            Hi,

            I have a furnace repair appointment booked for Thursday between 8 and 12. Something came up at work, could we reschedule
            to Friday or early next week? Any time works.

            Thank you,
            Irene Park
            ''')),
    dict(slug='thermostat-aux-heat', fmt='eml', style='gmail', when='2026-12-02 19:35', from_=('Mike Ferreira', 'mferreira@gmail.com'),
         subject='Thermostat showing aux heat - is this normal?', cat='SUPPORT',
         body=dd('''
            Hi guys,

            You installed our heat pump in October. The ecobee thermostat keeps showing "aux heat" whenever it's below -10.
            Is that normal or is something set wrong? The house is warm, I just want to make sure we're not wasting money.

            Mike
            ''')),
    dict(slug='furnace-rattle-not-urgent', when='2026-11-05 12:15', from_=('Helen Wright', 'hwright@telus.net'),
         subject='Furnace rattling', cat='SUPPORT', urg='low',
         body=dd('''
            Hello,

            Not urgent, but our furnace has started making a rattling noise for a minute or so when it first starts up.
            It heats fine. Could a technician take a look sometime in the next couple of weeks?

            Helen Wright
            ''')),
    dict(slug='warranty-inducer', fmt='eml', style='outlook', when='2026-01-28 10:50', from_=('Steve Romanko', 'steve.romanko@outlook.com'),
         subject='Warranty - inducer motor squealing', cat='SUPPORT',
         body=dd('''
            Hi,

            You installed a Lennox furnace for us in November 2023. The inducer motor has started squealing loudly on startup.
            Is this covered under warranty? What's the next step to get it repaired?

            Steve Romanko
            780-555-0112
            ''')),
    dict(slug='invoice-question', when='2026-02-11 14:22', from_=('Bonnie Fraser', 'bfraser@gmail.com'),
         subject='Question about my invoice', cat='SUPPORT', ent={'invoice_number': 'NL-20418'},
         body=dd('''
            Hi,

            I have a question about my invoice #NL-20418 from last week's repair. It lists two service call fees but the technician
            only came once. Could you please check and send a corrected copy?

            Thank you,
            Bonnie Fraser
            ''')),
    dict(slug='tech-eta', when='2026-03-17 13:40', from_=('Omar Siddiqui', 'omar.siddiqui@gmail.com'),
         subject='Is the technician still coming today?', cat='SUPPORT',
         body=dd('''
            Hi, my appointment window today was 12-4 and I haven't heard anything yet. Is the tech still on the way?
            I need to leave by 4:30 to pick up my kids. Thanks, Omar
            ''')),
    dict(slug='no-show-complaint', fmt='eml', style='gmail', when='2026-04-08 17:30', from_=('Karen Lowe', 'karen.lowe@gmail.com'),
         subject='Nobody showed up - second time', cat='SUPPORT', sent='negative',
         body=dd('''
            This is the second time I've taken the afternoon off work for a scheduled service appointment and nobody showed up.
            No phone call, no email. I'm really disappointed, this is unacceptable.

            Please call me to rebook and tell me why this keeps happening. 780-555-0139.

            Karen Lowe
            ''')),
    dict(slug='refund-bbb-threat', fmt='eml', style='outlook', when='2026-02-19 21:05', from_=('Victor Hale', 'vhale@shaw.ca'),
         subject='Demand for refund', cat='SUPPORT', sent='negative',
         body=dd('''
            I paid $640 for a repair on February 3rd and the furnace stopped working again three days later.
            Your technician was rude when he came back and now you want to charge me another service call. This is ridiculous.

            I want a full refund of the $640. If I don't hear back by Friday I'm filing a complaint with the BBB and talking to my lawyer.

            Victor Hale
            ''')),
    dict(slug='humidifier-part-follow-up', when='2026-01-07 11:10', from_=('Diane Marsh', 'diane.marsh@gmail.com'),
         subject='Following up on humidifier part', cat='SUPPORT',
         body=dd('''
            Hi,

            Following up on the humidifier repair from December 18. The tech said the part was on order and someone would call
            when it came in. Any update? Thanks, Diane Marsh
            ''')),
    dict(slug='filter-size', html_only=True, when='2026-09-21 08:35', from_=('Robert Kim', 'robert.kim@gmail.com'),
         subject='What filter do I need?', cat='SUPPORT',
         body=dd('''
            Hi,

            What size filter does my furnace take? You serviced it last year (Carrier, in the basement at 88 Lakeview Close).
            I'd like to pick some up so I have them on hand. Is there a brand you recommend?

            Thanks,
            Robert
            ''')),

    # ------------------------------------------------------------------ MAINTENANCE
    dict(slug='furnace-tune-up', fmt='eml', style='gmail', when='2026-09-08 09:05', from_=('Lisa Marchetti', 'lisa.marchetti@gmail.com'),
         subject='Furnace tune-up before winter', cat='MAINTENANCE', ent={'contact_name': 'Lisa Marchetti'},
         body=dd('''
            Hi,

            I'd like to book a furnace tune-up for sometime in the next few weeks, before it gets cold.
            Mornings are best. The furnace is about 8 years old.

            Thanks,
            Lisa Marchetti
            780-555-0115
            ''')),
    dict(slug='maintenance-plan-renewal', when='2026-08-18 15:00', from_=('Gordon Blake', 'gblake@gmail.com'),
         subject='Renew maintenance plan', cat='MAINTENANCE',
         body=dd('''
            Hello,

            Our maintenance plan with you expires at the end of the month. We'd like to renew for another year.
            Can you let me know how to pay and when the fall furnace check would be?

            Gordon Blake
            ''')),
    dict(slug='duct-cleaning', when='2026-05-12 10:20', from_=('Tara Singh', 'tara.singh@gmail.com'),
         subject='Duct cleaning', cat='MAINTENANCE',
         body=dd('''
            Hi there, we just finished some renovations and there's a lot of drywall dust. We'd like to book duct cleaning
            for the whole house (about 1,600 sq ft). When is your next availability?

            Tara
            ''')),
    dict(slug='ac-spring-check', fmt='eml', mime='base64', style='plain', when='2026-04-27 12:30', from_=('Jason Wiebe', 'jwiebe@gmail.com'),
         subject='Spring AC check', cat='MAINTENANCE',
         body=dd('''
            Hello,

            We're on your maintenance plan and I'd like to book the spring AC check. Any weekday after May 4th works for us.
            Our address is 3307 Parker Lane SW.

            Thanks,
            Jason Wiebe
            ''')),
    dict(slug='plan-whats-included', when='2026-10-21 18:40', from_=('Colleen Murphy', 'colleen.murphy@gmail.com'),
         subject="What's included in the maintenance plan?", cat='MAINTENANCE',
         body=dd('''
            Hi, a friend recommended your maintenance plan. What does it include? Is it one visit or two a year,
            and does it cover the humidifier too? We have a furnace and AC.

            Colleen
            ''')),
    dict(slug='check-before-winter-no-rush', when='2026-08-31 13:25', from_=('Ed Harmon', 'ed.harmon@telus.net'),
         subject='Furnace inspection', cat='MAINTENANCE', urg='low',
         body=dd('''
            Hello,

            No rush on this one. We'd like an annual inspection and cleaning of our furnace sometime in September
            before the heating season. It's been two years since the last one.

            Ed Harmon
            ''')),

    # ------------------------------------------------------------------ MANAGER
    dict(slug='owner-weekly-numbers', when='2026-03-16 07:10', from_=('Dave Kowalski', 'dave@northlinehvac.ca'),
         subject='Weekly numbers + Friday meeting', cat='MANAGER', sub='Dave Kowalski',
         body=dd('''
            Morning all,

            Good week: 42 service calls, 6 furnace installs booked. Let's go over the spring AC promo at Friday's meeting.
            Priya, can you bring the callback list?

            Dave
            ''')),
    dict(slug='service-manager-schedule', fmt='eml', style='outlook', when='2026-11-23 16:45', from_=('Priya Sandhu', 'priya@northlinehvac.ca'),
         subject='On-call schedule for December', cat='MANAGER', sub='Priya Sandhu',
         body=dd('''
            Hi team,

            Attached is the on-call schedule for December. Kyle and Jordan are swapping the weekend of the 12th.
            Please confirm by Wednesday.

            Priya Sandhu
            Service Manager
            ''')),
    dict(slug='sales-manager-quote-review', when='2026-09-16 12:00', from_=('Mark Leblanc', 'mark@northlinehvac.ca'),
         subject='Can you review the Paulson quote?', cat='MANAGER', sub='Mark Leblanc',
         body=dd('''
            Dave, can you look over the Paulson furnace quote before I send it? I went with the 96% two-stage unit.
            They want it installed before October.

            Mark
            ''')),
    dict(slug='tech-van-issue', when='2026-02-04 07:20', from_=('Kyle Baptiste', 'kyle@northlinehvac.ca'),
         subject='Van 3 check engine light', cat='MANAGER', sub='Unassigned',
         body=dd('''
            Check engine light came on in van 3 on the way in this morning. It's driving ok but someone should book it in
            at the shop this week. I'll take van 5 today if that's ok.

            Kyle
            ''')),
    dict(slug='customer-wants-owner', when='2026-03-03 09:50', from_=('Frank Delorme', 'frank.delorme@gmail.com'),
         subject='I want to speak with the owner', cat='MANAGER', sub='Escalations', sent='negative',
         body=dd('''
            I've called three times this week about the furnace you installed in January and keep getting the runaround.
            It's short cycling and the house is never warm upstairs. I want to speak with the owner directly, not another technician.
            I'm frustrated and disappointed.

            Frank Delorme
            780-555-0121
            ''')),
    dict(slug='accounts-month-end', when='2026-04-30 16:05', from_=('Karen Wu', 'karen@northlinehvac.ca'),
         subject='Month end - timesheets', cat='MANAGER', sub='Karen Wu',
         body=dd('''
            Hi everyone, reminder that timesheets for April are due tomorrow by noon so payroll can go out on time.
            Thanks! Karen
            ''')),

    # ------------------------------------------------------------------ SUPPLIERS
    dict(slug='wolseley-order-confirmation', fmt='eml', style='plain', mime='alternative-qp', when='2026-09-17 08:12',
         from_=('Wolseley Canada', 'orders@wolseleyinc.ca'), subject='Order confirmation PO-55871',
         cat='SUPPLIERS', sub='Wolseley Canada', ent={'order_number': 'PO-55871'},
         body=dd('''
            Thank you for your order.

            Customer: Northline Heating & Cooling Ltd.
            Purchase order: PO-55871
            Branch: Edmonton South

            1 x Lennox EL296V 80k BTU furnace
            2 x 16x25x4 media filters
            1 x Honeywell T6 Pro thermostat

            Ready for pickup: September 18 after 10:00.
            ''')),
    dict(slug='wolseley-invoice-pdf', fmt='eml', style='mixed-pdf', mime='mixed-pdf', pdf='INV-2026-0042.pdf', when='2026-09-30 17:45',
         from_=('Wolseley Canada Accounts Receivable', 'ar@wolseleyinc.ca'), subject='Invoice INV-2026-0042 from Wolseley Canada',
         cat='SUPPLIERS', sub='Wolseley Canada', ent={'invoice_number': 'INV-2026-0042'},
         body=dd('''
            Dear customer,

            Please find attached invoice INV-2026-0042 for your September purchases (PO-55871).
            Amount due: $6,412.38 CAD. Payment terms: net 30.

            Wolseley Canada Accounts Receivable
            ''')),
    dict(slug='emco-backorder', when='2026-10-06 10:15', from_=('EMCO Edmonton', 'edmonton.counter@emco.ca'),
         subject='Backorder notice - order #448120', cat='SUPPLIERS', sub='EMCO', ent={'order_number': '448120'},
         body=dd('''
            Hello,

            The Aprilaire 600 humidifier on your order #448120 is on backorder until October 20. The rest of the order
            is ready for pickup. Let us know if you'd like a substitute.

            EMCO Edmonton counter
            ''')),
    dict(slug='lennox-dealer-newsletter', fmt='eml', style='related', mime='related', when='2026-02-25 06:00',
         from_=('Lennox Canada Dealer News', 'dealernews@lennoxcanada.ca'), subject='Dealer update: 2026 spring program and rebates',
         headers={'list_unsubscribe': '<https://lennoxcanada.ca/unsubscribe?d=88213>, <mailto:unsubscribe@lennoxcanada.ca>',
                  'precedence': 'bulk'},
         cat='SUPPLIERS', sub='Lennox Canada', pf='bulk',
         body=dd('''
            Lennox Dealer Update - Spring 2026

            The spring dealer program starts March 1 with extended warranty promotions on select heat pumps.
            Register for the product training webinar on March 12.

            Unsubscribe | Manage preferences
            ''')),
    dict(slug='refsupply-price-increase', when='2026-05-29 14:30', from_=('Refrigerative Supply', 'sales@refsupply.com'),
         subject='Price increase on refrigerant effective July 1', cat='SUPPLIERS', sub='Refrigerative Supply',
         body=dd('''
            Dear valued customer,

            Due to supply changes, prices on R-410A and R-454B refrigerant will increase 8% effective July 1, 2026.
            Orders placed before June 30 will be honoured at current pricing.

            Refrigerative Supply
            ''')),
    dict(slug='lennox-invoice', when='2026-10-02 09:00', from_=('Lennox Canada Accounts', 'accounts@lennoxcanada.ca'),
         subject='Your invoice 7781203', cat='SUPPLIERS', sub='Lennox Canada', ent={'invoice_number': '7781203'},
         body=dd('''
            Invoice number: 7781203
            Invoice date: October 1, 2026
            Amount due: $18,240.00
            Due date: October 31, 2026

            Thank you for your business.
            ''')),

    # ------------------------------------------------------------------ BANKING
    dict(slug='interac-etransfer', fmt='eml', style='plain', mime='alternative-qp', when='2026-01-16 14:05',
         from_=('INTERAC e-Transfer', 'notify@payments.interac.ca'),
         subject='INTERAC e-Transfer: JENNA MORRISON sent you money.', cat='BANKING', sub='e-Transfer', pf='no_reply',
         body=dd('''
            Hi NORTHLINE HEATING & COOLING LTD.,

            JENNA MORRISON sent you $486.15 (CAD).
            Message: Furnace repair Jan 13 - thank you!

            This money has been automatically deposited into your bank account.
            Reference Number: CA1MRbXq3a8T
            ''')),
    dict(slug='rbc-large-withdrawal', when='2026-06-03 22:14', from_=('RBC Royal Bank', 'rbcroyalbank@alerts.rbc.com'),
         subject='Account alert: large withdrawal', cat='BANKING', sub='BankAlert',
         body=dd('''
            RBC Business Account Alert

            A withdrawal of $12,500.00 was made from your account ending in 4471 on June 3, 2026.
            If you did not make this transaction, please call us immediately at 1-800-769-2511.
            ''')),
    dict(slug='atb-low-balance', fmt='eml', style='outlook', when='2026-07-29 06:30', from_=('ATB Financial', 'noreply@atb.com'),
         subject='Low balance alert', cat='BANKING', sub='BankAlert', pf='no_reply',
         body=dd('''
            Your available balance in account ending 2290 is below your alert threshold of $5,000.00.
            Available balance: $3,812.44

            Log in to ATB Business online banking for details.
            ''')),
    dict(slug='quickbooks-payment-received', when='2026-03-25 11:48', from_=('QuickBooks Payments', 'quickbooks@notification.intuit.com'),
         subject='Payment received from Westgate Property Management', cat='BANKING', sub='Receipts',
         body=dd('''
            You received a payment.

            Customer: Westgate Property Management
            Amount: $1,284.50
            Invoice: 1047
            Payment method: Bank transfer

            The payment will be deposited within 2 business days.
            ''')),
    dict(slug='telus-bill', when='2026-05-04 03:10', from_=('TELUS', 'ebill@telus.com'),
         subject='Your TELUS bill is ready', cat='BANKING', sub='Invoice',
         body=dd('''
            Hello Northline Heating & Cooling,

            Your TELUS Business bill for May is ready.
            Amount due: $412.67
            Due date: May 25, 2026

            View and pay your bill in My TELUS.
            ''')),
    dict(slug='home-depot-refund', when='2026-08-12 13:33', from_=('The Home Depot Canada', 'homedepot@order.homedepot.ca'),
         subject='Your refund has been processed', cat='BANKING', sub='Refund',
         body=dd('''
            Hi Northline Heating,

            Your refund has been processed for order W884120339.
            Refund amount: $238.96 to your Visa ending in 0921. Please allow 3-5 business days for it to appear.

            The Home Depot Canada
            ''')),
    dict(slug='etransfer-autodeposit', when='2026-11-27 19:22', from_=('Interac e-Transfer', 'catch@payments.interac.ca'),
         subject='Interac e-Transfer: You received $2,150.00 from GREG PAULSON', cat='BANKING', sub='e-Transfer',
         body=dd('''
            GREG PAULSON sent you $2,150.00 (CAD) and the money has been automatically deposited.
            Message: Deposit for furnace install

            Please do not reply to this email.
            ''')),

    # ------------------------------------------------------------------ FORMSUB
    dict(slug='wordpress-contact-form', fmt='eml', style='plain', mime='plain-7bit', when='2026-10-08 22:47',
         from_=('WordPress', 'wordpress@northlinehvac.ca'), reply_to=('Sandra Lee', 'sandra.lee77@gmail.com'),
         subject='[Northline Heating & Cooling] New contact form submission', cat='FORMSUB',
         ent={'contact_name': 'Sandra Lee', 'phone': '780-555-0163'},
         body=dd('''
            From: Sandra Lee <sandra.lee77@gmail.com>
            Subject: Furnace quote

            Name: Sandra Lee
            Email: sandra.lee77@gmail.com
            Phone: 780-555-0163
            Message: Hi, we'd like a quote for a new furnace and AC. Our house is in Summerside. Thanks!

            --
            This e-mail was sent from a contact form on Northline Heating & Cooling (https://northlinehvac.ca)
            ''')),
    dict(slug='jotform-ac-quote', when='2026-06-18 12:05', from_=('Jotform', 'noreply@jotform.com'),
         reply_to=('Peter Vasquez', 'peter.vasquez@gmail.com'),
         subject='New submission: Request a Quote', cat='FORMSUB', ent={'contact_name': 'Peter Vasquez', 'phone': '587-555-0172'},
         body=dd('''
            Request a Quote form

            Name: Peter Vasquez
            Email: peter.vasquez@gmail.com
            Phone: (587) 555-0172
            Service: Air conditioning installation
            Address: 920 Mahogany Heights SE
            Message: Looking to get AC installed before the end of June if possible.
            ''')),
    dict(slug='wix-form-maintenance', fmt='eml', style='gmail', when='2026-09-02 20:30', from_=('Wix Forms', 'no-reply@crm.wix.com'),
         reply_to=('Alicia Brown', 'alicia.brown@hotmail.com'),
         subject='New form submission on northlinehvac.ca', cat='FORMSUB', ent={'contact_name': 'Alicia Brown'},
         body=dd('''
            You have a new form submission.

            First Name: Alicia
            Last Name: Brown
            Email: alicia.brown@hotmail.com
            Phone: 780-555-0181
            Message: Do you service boilers? We have an older Weil-McLain boiler that needs its annual service.
            ''')),
    dict(slug='squarespace-form', when='2026-02-23 15:15', from_=('Squarespace', 'form-submission@squarespace.info'),
         reply_to=('Mohammed Al-Rashid', 'm.alrashid@gmail.com'),
         subject='Form Submission - Contact Us', cat='FORMSUB', ent={'phone': '780-555-0158'},
         body=dd('''
            Sent via form submission from Northline Heating & Cooling

            Name: Mohammed Al-Rashid
            Email: m.alrashid@gmail.com
            Phone: 780-555-0158
            Message: Can you quote a humidifier install on a 2015 Goodman furnace?
            ''')),
    dict(slug='form-no-heat', when='2026-01-31 23:05', from_=('Jotform', 'noreply@jotform.com'),
         reply_to=('Evelyn Carter', 'evelyn.carter@gmail.com'),
         subject='New submission: Service Request', cat='FORMSUB', urg='critical',
         body=dd('''
            Service Request form

            Name: Evelyn Carter
            Email: evelyn.carter@gmail.com
            Phone: 780-555-0124
            Address: 7719 Jasper Avenue
            Message: No heat since this evening, furnace won't turn on at all. It's -28 tonight. Please call ASAP.
            ''')),

    # ------------------------------------------------------------------ GOOGLE_REVIEW
    dict(slug='review-5-stars', fmt='eml', style='related', mime='related', when='2026-01-15 10:02', from_=GOOGLE,
         subject='Jenna Morrison left a review for Northline Heating & Cooling', cat='GOOGLE_REVIEW', sub='New Review',
         pf='no_reply', sent='positive',
         body=dd('''
            Northline Heating & Cooling has a new review

            Jenna Morrison
            ★★★★★
            "Our furnace died at -32 and they had a technician here within two hours. Friendly, professional and fair pricing.
            Highly recommend!"

            Reply to review
            ''')),
    dict(slug='review-1-star', when='2026-02-20 08:15', from_=GOOGLE,
         subject='Victor Hale left a review for Northline Heating & Cooling', cat='GOOGLE_REVIEW', sub='Response Needed',
         pf='no_reply', sent='negative',
         body=dd('''
            Northline Heating & Cooling has a new review

            Victor Hale
            Rated 1 out of 5
            "Paid for a repair that lasted three days. Rude technician, and they want to charge me again. Avoid."

            Reply to review
            Customers see your response on Google.
            ''')),
    dict(slug='review-4-stars', when='2026-06-22 19:40', from_=GOOGLE,
         subject='New review for Northline Heating & Cooling', cat='GOOGLE_REVIEW', sub='New Review', pf='no_reply', sent='positive',
         body=dd('''
            Sophie Tremblay left a review

            4 stars
            "Great AC install, clean and tidy crew. Took a bit longer than quoted to get scheduled but we're happy with it."

            Reply to review
            ''')),
    dict(slug='review-2-stars', fmt='eml', style='gmail', when='2026-04-09 12:26', from_=GOOGLE,
         subject='Karen Lowe left a review for Northline Heating & Cooling', cat='GOOGLE_REVIEW', sub='Response Needed',
         pf='no_reply', sent='negative',
         body=dd('''
            Northline Heating & Cooling has a new review

            Karen Lowe
            2 stars
            "Missed two appointments without calling. The tech who finally came was nice but the scheduling is a mess."

            Reply to review
            ''')),

    # ------------------------------------------------------------------ PHONE
    dict(slug='missed-call', when='2026-03-04 12:41', from_=('RingCentral', 'service@ringcentral.com'),
         subject='You missed a call from (780) 555-0136', cat='PHONE', sub='Missed Calls', ent={'phone': '780-555-0136'},
         body=dd('''
            You missed a call.

            From: (780) 555-0136 EDMONTON AB
            To: Northline Main Line (780) 555-0100
            Time: Wednesday, March 4, 2026 12:41 PM
            ''')),
    dict(slug='voicemail-no-heat', fmt='eml', style='plain', mime='plain-7bit', when='2026-01-10 02:18', from_=RC,
         subject='New Voicemail from (780) 555-0145', cat='PHONE', sub='Voicemails', pf='no_reply', urg='critical',
         ent={'phone': '780-555-0145'},
         body=dd('''
            You have a new voicemail.

            From: (780) 555-0145
            Duration: 0:48
            Transcription: Hi, this is Wendy on 87th Street, our furnace stopped working and we have no heat, it's really cold in here.
            Please call me back as soon as you get this, 780 555 0145. Thanks.
            ''')),
    dict(slug='voicemail-quote', when='2026-05-21 17:55', from_=RC,
         subject='New Voicemail from (587) 555-0110', cat='PHONE', sub='Voicemails', pf='no_reply', ent={'phone': '587-555-0110'},
         body=dd('''
            You have a new voicemail.

            From: (587) 555-0110
            Duration: 0:31
            Transcription: Hi, I'm calling about getting a quote on air conditioning for a townhouse. Call me back at 587-555-0110.
            ''')),
    dict(slug='google-voice-missed-call', when='2026-07-04 10:12', from_=('Google Voice', 'voice-noreply@google.com'),
         subject='Missed call from +1 403-555-0150', cat='PHONE', sub='Missed Calls', pf='no_reply', ent={'phone': '403-555-0150'},
         body=dd('''
            Missed call from +1 403-555-0150 at 10:12 AM.

            Call back
            ''')),

    # ------------------------------------------------------------------ RECRUITMENT
    dict(slug='indeed-application', fmt='eml', style='related', mime='related', when='2026-03-09 08:35',
         from_=('Indeed', 'indeedapply@indeed.com'), subject='New application: HVAC Service Technician - Jordan Reyes',
         cat='RECRUITMENT',
         body=dd('''
            Jordan Reyes applied to your job posting: HVAC Service Technician (Edmonton, AB).

            Jordan has 6 years of experience, Red Seal refrigeration mechanic, Class 5 licence.
            View resume and contact Jordan on Indeed.
            ''')),
    dict(slug='journeyman-resume', when='2026-04-14 19:10', from_=('Tyler MacDonald', 'tyler.macdonald@gmail.com'),
         subject='Journeyman gasfitter - resume', cat='RECRUITMENT',
         attachments=[{'filename': 'Tyler_MacDonald_Resume.pdf', 'content_type': 'application/pdf', 'size': 88213, 'disposition': 'attachment'}],
         body=dd('''
            Hello,

            I'm a journeyman sheet metal worker with a B gas ticket and 9 years of residential experience, mostly furnace
            and AC installs. I'm looking to join your team and have attached my resume. Are you currently hiring?

            Tyler MacDonald
            ''')),
    dict(slug='apprentice-inquiry', when='2026-06-01 16:20', from_=('Noah Fischer', 'noahfischer05@gmail.com'),
         subject='First year apprentice looking for work', cat='RECRUITMENT',
         body=dd('''
            Hi, I just finished the pre-employment refrigeration program at NAIT and I'm looking for an apprenticeship.
            I'm hard working and have my own vehicle. Would you have a position for a first year apprentice?

            Noah Fischer
            ''')),

    # ------------------------------------------------------------------ PROMO
    dict(slug='seo-spam', when='2026-02-09 04:44', from_=('Ryan | Growth Agency', 'ryan@rankboostmedia.co'),
         subject='Get Northline Heating on the first page of Google', cat='PROMO',
         body=dd('''
            Hi there,

            I noticed northlinehvac.ca isn't ranking for "furnace repair Edmonton". Our SEO and lead generation services
            guarantee first page of Google results in 90 days or your money back. Can I book a quick 15 minute demo with you this week?

            Ryan
            ''')),
    dict(slug='software-webinar', fmt='eml', style='related', mime='related', when='2026-10-27 09:00',
         from_=('FieldPro Software', 'marketing@fieldprosoftware.com'), subject='Webinar: Fill your winter schedule with maintenance plans',
         headers={'list_unsubscribe': '<https://fieldprosoftware.com/u/88421>', 'list_id': 'FieldPro News <news.fieldprosoftware.com>'},
         cat='PROMO', pf='bulk',
         body=dd('''
            Join our free webinar on November 5: how top HVAC contractors sell maintenance plans and fill the winter schedule.
            Register now - seats are limited.

            You are receiving this because you signed up for FieldPro updates. Unsubscribe.
            ''')),
    dict(slug='merchant-cash-advance', when='2026-08-05 02:13', from_=('Business Funding Team', 'offers@quickcapitalnow.com'),
         subject='You are pre-approved for up to $250,000', cat='PROMO',
         body=dd('''
            Congratulations! Your business is pre-approved for a merchant cash advance of up to $250,000. No credit check,
            funds in 24 hours. Reply YES to claim your offer. Limited time.
            ''')),
    dict(slug='trade-show', when='2026-01-20 10:00', from_=('Buildex Alberta', 'info@buildexalberta.com'),
         subject='Early bird pricing ends Friday - Buildex 2026', cat='PROMO',
         headers={'list_unsubscribe': '<mailto:unsubscribe@buildexalberta.com>'}, pf='bulk',
         body=dd('''
            Early bird exhibitor and attendee pricing for Buildex Alberta 2026 ends this Friday. Save 30% when you register now.
            See the newest products and attend free seminars.
            ''')),

    # ------------------------------------------------------------------ SOCIALMEDIA
    dict(slug='facebook-comment', fmt='eml', style='gmail', when='2026-10-10 20:18', from_=('Facebook', 'notification@facebookmail.com'),
         subject='Rachel Adams commented on your post', cat='SOCIALMEDIA', pf='no_reply',
         body=dd('''
            Rachel Adams commented on your post: "Do you guys do duct cleaning in Spruce Grove?"

            Reply to this comment on Facebook.
            ''')),
    dict(slug='nextdoor-recommendation', when='2026-05-30 08:05', from_=('Nextdoor', 'no-reply@rs.email.nextdoor.com'),
         subject='Your business was recommended on Nextdoor', cat='SOCIALMEDIA', pf='no_reply',
         headers={'list_unsubscribe': '<https://nextdoor.com/unsubscribe>'},
         body=dd('''
            A neighbour in Terwillegar recommended Northline Heating & Cooling.
            See the post and thank your neighbour on your business page.
            ''')),
    dict(slug='linkedin-invitation', when='2026-07-22 11:30', from_=('LinkedIn', 'invitations@linkedin.com'),
         subject='Dave, please add me to your LinkedIn network', cat='SOCIALMEDIA', pf='bulk',
         headers={'list_unsubscribe': '<https://www.linkedin.com/e/v2?e=unsub>', 'list_id': '<invitations.linkedin.com>'},
         body=dd('''
            Hi Dave, I'd like to join your LinkedIn network.

            Accept invitation to connect - Amrit Dhaliwal, Territory Manager at a distribution company.
            ''')),

    # ------------------------------------------------------------------ MISC
    dict(slug='out-of-office-reply', fmt='eml', style='outlook', when='2026-09-16 12:31', from_=('Greg Paulson', 'gpaulson@paulsoneng.com'),
         subject='Automatic reply: Your furnace quote',
         headers={'auto_submitted': 'auto-generated', 'x_auto_response_suppress': 'All'}, cat='MISC', pf='out_of_office',
         body=dd('''
            I am out of the office until September 21 with limited access to email. For urgent matters please contact
            reception at 780-555-0190.
            ''')),
    dict(slug='auto-reply-property-manager', when='2026-01-24 09:31', from_=('Westgate Property Management', 'maintenance@westgatepm.ca'),
         subject='Re: Service report - 11807 95 Street NW', headers={'auto_submitted': 'auto-replied'}, cat='MISC', pf='auto_reply',
         body=dd('''
            Thank you for contacting Westgate Property Management. Your message has been received and a member of our team
            will respond within one business day. For emergencies please call 780-555-0195.
            ''')),
    dict(slug='bounce', fmt='eml', style='plain', mime='report', when='2026-09-15 11:26',
         from_=('Mail Delivery Subsystem', 'mailer-daemon@googlemail.com'),
         subject='Delivery Status Notification (Failure)', headers={'auto_submitted': 'auto-replied'}, cat='MISC', pf='bounce',
         original={'to': 'greg.paulsen@gmail.com',
                   'headers': 'From: Mark Leblanc <mark@northlinehvac.ca>\nTo: greg.paulsen@gmail.com\nSubject: Your furnace quote\nDate: Tue, 15 Sep 2026 11:25:40 -0600'},
         body=dd('''
            ** Address not found **

            Your message wasn't delivered to greg.paulsen@gmail.com because the address couldn't be found, or is unable to receive mail.
            ''')),
    dict(slug='is-this-still-your-email', when='2026-06-26 14:50', from_=('Bill Thompson', 'billthompson44@gmail.com'),
         subject='hello', cat='MISC',
         body=dd('''
            Hi, is this still the right email for Northline? I have an old business card with a different address.

            Bill
            ''')),
    dict(slug='abwesenheitsnotiz', fmt='eml', style='plain', mime='plain-8bit', charset='iso-8859-1', when='2026-08-10 03:12',
         from_=('Jürgen Weiß', 'j.weiss@waermetechnik-gmbh.de'), name_enc=('iso-8859-1', 'B'),
         subject='Abwesenheitsnotiz: Anfrage Wärmepumpe', subj_enc=('iso-8859-1', 'Q'), cat='MISC', pf='out_of_office',
         body=dd('''
            Sehr geehrte Damen und Herren,

            ich bin bis zum 24. August nicht im Büro. In dringenden Fällen wenden Sie sich bitte an meine Kollegin Frau Müller.

            Mit freundlichen Grüßen
            Jürgen Weiß
            ''')),
    dict(slug='repair-or-replace-unsure', when='2026-10-26 21:40', from_=('Janice Cole', 'janice.cole@gmail.com'),
         subject='Furnace question', cat='SALES', low_conf=True,
         body=dd('''
            Hi, our furnace is about 18 years old and the blower has been making a noise. Is it worth repairing
            or should we think about a new one? Not sure what makes sense. Janice
            ''')),
]

for m in MESSAGES:
    m['from'] = m.pop('from_')
