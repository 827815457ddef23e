from generate import dd

DOMAIN = 'summitridgeroofing.com'
HOLIDAYS = [('2026-01-01', "New Year's Day"), ('2026-05-25', 'Memorial Day'), ('2026-07-03', 'Independence Day (observed)'),
            ('2026-09-07', 'Labor Day'), ('2026-11-26', 'Thanksgiving'), ('2026-11-27', 'Day after Thanksgiving'),
            ('2026-12-24', 'Christmas Eve'), ('2026-12-25', 'Christmas')]

CLIENT = {
    'inbox': 'info@summitridgeroofing.com', 'inbox_name': 'Summit Ridge Roofing',
    'client_config': {
        'version': 1,
        'business': {'name': 'Summit Ridge Roofing', 'type': 'roofing', 'email_domain': DOMAIN,
                     'timezone': 'America/Chicago', 'currency': 'USD', 'website': 'https://summitridgeroofing.com',
                     'service_area': 'Dallas-Fort Worth: Plano, Frisco, McKinney, Allen, Richardson, Garland'},
        'contact': {'name': 'Brandon Hayes', 'role': 'Owner', 'email': 'brandon@summitridgeroofing.com', 'after_hours_phone': '972-555-0199'},
        'services': [
            {'name': 'Roof replacement', 'description': 'Asphalt shingle, metal and tile roofs; GAF Master Elite', 'pricing': 'free estimate'},
            {'name': 'Roof repair', 'description': 'Leaks, missing shingles, flashing', 'pricing': 'from $350'},
            {'name': 'Storm damage and insurance claims', 'description': 'Free inspection, adjuster meetings, claim help'},
            {'name': 'Emergency tarping', 'description': '24/7 tarping during and after storms', 'pricing': 'from $450'},
            {'name': 'Gutters', 'description': 'Seamless gutters and guards'},
        ],
        'signature': 'Summit Ridge Roofing\n972-555-0100 | summitridgeroofing.com',
        'auto_reply': {'enabled': True, 'min_confidence': 0.7, 'include_pricing': False},
        'holidays': [d for d, _ in HOLIDAYS],
        'sla': {'first_response_minutes': 90},
    },
    'managers': [
        {'name': 'Brandon Hayes', 'email': 'brandon@summitridgeroofing.com', 'phone': '972-555-0100', 'roles': ['owner'], 'forward': True},
        {'name': 'Carla Jimenez', 'email': 'carla@summitridgeroofing.com', 'phone': '972-555-0101', 'roles': ['operations', 'accounts'], 'forward': False},
        {'name': 'Tyler Brooks', 'email': 'tyler@summitridgeroofing.com', 'phone': '972-555-0102', 'roles': ['sales'], 'forward': True},
        {'name': 'Derek Nguyen', 'email': 'derek@summitridgeroofing.com', 'phone': '972-555-0103', 'roles': ['service', 'dispatch'], 'forward': True},
    ],
    'suppliers': [
        {'name': 'ABC Supply', 'domains': ['abcsupply.com'], 'category': 'roofing materials'},
        {'name': 'SRS Distribution', 'domains': ['srsdistribution.com'], 'category': 'roofing materials'},
        {'name': 'Beacon', 'domains': ['becn.com'], 'category': 'roofing materials'},
        {'name': 'GAF', 'email': 'contractors@gaf.com', 'domains': ['gaf.com'], 'category': 'manufacturer'},
    ],
    'business_hours': {
        'timezone': 'America/Chicago',
        'hours': {'version': 1,
                  'weekly': {'mon': [['07:00', '18:00']], 'tue': [['07:00', '18:00']], 'wed': [['07:00', '18:00']],
                             'thu': [['07:00', '18:00']], 'fri': [['07:00', '18:00']], 'sat': [['08:00', '12:00']]},
                  'holidays': [{'date': d, 'name': n} for d, n in HOLIDAYS],
                  'overrides': [{'date': '2026-05-02', 'intervals': [['07:00', '17:00']], 'note': 'Storm response Saturday'}]},
    },
    'communication_style': {
        'name': 'Brandon (professional)', 'tone': 'professional', 'formality': 'neutral',
        'personality_traits': ['calm', 'knowledgeable', 'direct'],
        'signature_phrases': ['We treat every roof like our own.'],
        'response_patterns': {
            'greeting': 'Hello {first_name},', 'closing': 'Best regards,', 'length': 'medium',
            'category_guidance': {
                'URGENT': 'Offer emergency tarping today and give the storm line 972-555-0199.',
                'INSURANCE': 'Offer a free inspection and to meet the adjuster on site; never promise what insurance will pay.',
                'SALES': 'Offer a free inspection and written estimate.',
            },
        },
    },
    'escalation_rules': [
        {'name': 'Active leaks and emergencies', 'priority': 100, 'is_active': True,
         'conditions': {'fact': 'category', 'op': 'eq', 'value': 'URGENT'},
         'actions': [{'type': 'notify', 'channels': ['sms', 'email'], 'role': 'service'},
                     {'type': 'set_priority', 'priority': 10}, {'type': 'mark_escalated'}]},
        {'name': 'Legal threats to the owner', 'priority': 90, 'is_active': True,
         'conditions': {'all': [{'fact': 'sentiment', 'op': 'eq', 'value': 'negative'},
                                {'fact': 'sender_is_internal', 'op': 'eq', 'value': False},
                                {'fact': 'body', 'op': 'contains_any',
                                 'value': ['lawyer', 'attorney', 'refund', 'bbb', 'better business bureau', 'lawsuit', 'sue']}]},
         'actions': [{'type': 'forward', 'manager_email': 'brandon@summitridgeroofing.com'}, {'type': 'block_draft'},
                     {'type': 'mark_escalated'}]},
        {'name': 'Adjuster meetings to the estimator', 'priority': 70, 'is_active': True,
         'conditions': {'all': [{'fact': 'category', 'op': 'eq', 'value': 'INSURANCE'},
                                {'fact': 'body', 'op': 'contains', 'value': 'adjuster'}]},
         'actions': [{'type': 'notify', 'channels': ['email'], 'role': 'sales'}]},
        {'name': 'Supplier invoices', 'priority': 50, 'is_active': True,
         'conditions': {'all': [{'fact': 'sender_is_supplier', 'op': 'eq', 'value': True},
                                {'any': [{'fact': 'subject', 'op': 'contains', 'value': 'invoice'},
                                         {'fact': 'body', 'op': 'contains', 'value': 'invoice'}]}]},
         'actions': [{'type': 'apply_label', 'category': 'BANKING', 'subcategory': 'Invoice'}]},
        {'name': 'After-hours leak reports', 'priority': 60, 'is_active': True,
         'conditions': {'all': [{'fact': 'after_hours', 'op': 'eq', 'value': True},
                                {'fact': 'category', 'op': 'in', 'value': ['SUPPORT', 'INSURANCE']},
                                {'any': [{'fact': 'subject', 'op': 'contains_any', 'value': ['leak', 'leaking']},
                                         {'fact': 'body', 'op': 'contains_any', 'value': ['leak', 'leaking', 'dripping', 'tarp']}]}]},
         'actions': [{'type': 'notify', 'channels': ['sms'], 'role': 'service'}, {'type': 'mark_escalated'}]},
        {'name': 'Unhappy reviews', 'priority': 40, 'is_active': True,
         'conditions': {'all': [{'fact': 'category', 'op': 'eq', 'value': 'GOOGLE_REVIEW'},
                                {'fact': 'subcategory', 'op': 'eq', 'value': 'Response Needed'}]},
         'actions': [{'type': 'notify', 'channels': ['email'], 'role': 'owner'}, {'type': 'mark_escalated'}]},
        {'name': 'Old promo rule (disabled)', 'priority': 10, 'is_active': False,
         'conditions': {'fact': 'category', 'op': 'eq', 'value': 'PROMO'},
         'actions': [{'type': 'mark_escalated'}]},
    ],
}

GOOGLE = ('Google Business Profile', 'businessprofile-noreply@google.com')

MESSAGES = [
    # ------------------------------------------------------------------ URGENT
    dict(slug='roof-leaking-storm', fmt='eml', style='gmail', when='2026-04-18 23:15', from_=('Heather Collins', 'hcollins@gmail.com'),
         subject='Roof leaking during storm - water through ceiling', cat='URGENT', urg='high',
         ent={'phone': '972-555-0141', 'address': '2716 Willow Bend Dr', 'contact_name': 'Heather Collins'},
         body=dd('''
            Hi,

            Our roof is leaking into the upstairs bedroom during this storm. Water is dripping from the ceiling light fixture and
            we have buckets out. Can someone come tarp it tonight or first thing in the morning?

            2716 Willow Bend Dr, Plano. Call 972-555-0141.

            Thanks,
            Heather Collins
            ''')),
    dict(slug='tree-on-roof', when='2026-05-02 06:40', from_=('Marcus Green', 'marcus.green@att.net'),
         subject='Tree fell on our roof', cat='URGENT', urg='high',
         body=dd('''
            A big limb from the oak tree fell on our roof in the storm last night and punched a hole in the roof over the garage.
            More rain is coming tonight. We need a tarp as soon as possible. 1108 Ridgeview Ct, Allen.

            Marcus Green
            469-555-0127
            ''')),
    dict(slug='ceiling-sagging', fmt='eml', style='outlook', when='2026-06-14 15:30', from_=('Amy Patel', 'amy.patel@outlook.com'),
         subject='Ceiling sagging with water - help', cat='URGENT', urg='high',
         body=dd('''
            Water has been coming through the ceiling in our living room since this afternoon's storm and the drywall is sagging.
            We're worried it will collapse. Please send someone right away.

            Amy Patel
            214-555-0166
            ''')),
    dict(slug='water-pouring-kitchen', when='2026-03-20 20:45', from_=('Scott Reynolds', 'sreynolds@gmail.com'),
         subject='Water pouring in around the chimney', cat='URGENT', urg='critical',
         body=dd('''
            Water is pouring in around the chimney into the kitchen. It's near the light fixtures and outlets.
            We turned off that breaker. Please call me back at 972-555-0150 tonight if at all possible.

            Scott
            ''')),
    dict(slug='shingles-blew-off', when='2026-04-28 07:10', from_=('Diane Foster', 'dianefoster@yahoo.com'),
         subject='Shingles blew off in the wind - rain tonight', cat='URGENT', urg='high',
         body=dd('''
            Good morning, a big section of shingles blew off the back of our roof in the wind and I can see the black paper.
            They're calling for storms tonight. Can you get someone out today to tarp or patch it?

            Diane Foster
            5500 Preston Meadow Dr, Frisco
            ''')),
    dict(slug='leak-baby-room', fmt='eml', mime='base64', style='plain', when='2026-05-16 01:20',
         from_=('Jordan Lee', 'jordanlee.tx@gmail.com'), subject='Emergency - roof leak over nursery',
         cat='URGENT', urg='critical',
         body=dd('''
            Emergency - the roof is leaking right over our baby's nursery and water is dripping onto the floor.
            We moved the crib out. Please call me as soon as you see this.

            Jordan Lee
            214-555-0183
            ''')),
    dict(slug='hail-holes-skylight', when='2026-05-02 09:20', from_=('Victor Ramos', 'vramos@gmail.com'),
         subject='Skylight shattered by hail - rain coming in', cat='URGENT', urg='high',
         body=dd('''
            The hail last night shattered our skylight and rain is coming in onto the hallway floor. We need it covered today.
            Can you get a crew out? 3401 Meadowcreek Dr, McKinney. 469-555-0116.

            Victor
            ''')),

    # ------------------------------------------------------------------ SALES
    dict(slug='roof-replacement-quote', fmt='eml', style='gmail', when='2026-02-16 10:05', from_=('Laura Mitchell', 'laura.mitchell@gmail.com'),
         subject='Estimate for roof replacement', cat='SALES', ent={'contact_name': 'Laura Mitchell'},
         body=dd('''
            Hello,

            Our roof is about 22 years old and we're thinking of replacing it this spring before we sell the house.
            Could you come out and give us an estimate? Single story, about 2,400 sq ft.

            Thanks,
            Laura Mitchell
            972-555-0130
            ''')),
    dict(slug='metal-roof-question', when='2026-08-11 19:35', from_=('Chris Hammond', 'chammond@gmail.com'),
         subject='Metal roof pricing', cat='SALES',
         body=dd('''
            Hi, we're interested in a standing seam metal roof. How much does that cost compared to architectural shingles?
            House is in Richardson, two story. Chris
            ''')),
    dict(slug='gutters-quote', when='2026-09-30 12:20', from_=('Brenda Wallace', 'bwallace@gmail.com'),
         subject='Seamless gutters', cat='SALES',
         body=dd('''
            Hi, we'd like a quote for seamless gutters and gutter guards around the whole house. It's a one story ranch.
            Brenda Wallace
            ''')),
    dict(slug='new-construction-bid', fmt='eml', style='outlook', when='2026-01-26 08:45', from_=('Ken Ashford', 'kashford@ashfordhomes.com'),
         subject='Bid request - 6 new homes in Prosper', cat='SALES',
         body=dd('''
            Good morning,

            Ashford Homes is requesting bids for roofing on six new construction homes in Prosper starting in March.
            Plans and specs are attached. Please submit your proposal by February 13.

            Ken Ashford
            Ashford Homes
            ''')),
    dict(slug='solar-ready-roof', when='2026-03-24 17:10', from_=('Nina Brooks', 'ninabrooks@gmail.com'),
         subject='New roof before solar install', cat='SALES',
         body=dd('''
            Hi! We're getting solar panels installed this summer and the solar company recommended replacing the roof first.
            Can we get a quote for a new roof? 15 year old shingles.

            Nina
            ''')),
    dict(slug='second-opinion-quote', fmt='eml', style='plain', mime='plain-qp', charset='windows-1252', when='2026-07-07 11:55',
         from_=('Robert “Bob” Greene', 'bgreene@sbcglobal.net'), name_enc=('windows-1252', 'B'),
         subject='Second opinion on roof quote', cat='SALES',
         body=dd('''
            Hello,

            Another roofer quoted us $18,500 to replace our roof \u2014 seems high. We\u2019d like a second estimate before we sign.
            The house is at 4420 Glen Lakes Dr in Dallas. We\u2019re usually home after 5.

            Bob Greene
            ''')),
    dict(slug='commercial-flat-roof', when='2026-10-13 09:30', from_=('Paula Dean', 'pdean@northstarpm.com'),
         subject='TPO flat roof - retail building', cat='SALES',
         body=dd('''
            We manage a 12,000 sq ft retail building in Garland with an aging flat roof. Looking for a proposal to replace it
            with TPO. Can you schedule a site visit next week?

            Paula Dean
            Northstar Property Management
            ''')),
    dict(slug='financing-new-roof', when='2026-11-10 20:00', from_=('Luis Herrera', 'lherrera@gmail.com'),
         subject='Financing for new roof?', cat='SALES',
         body=dd('''
            Hi, do you offer financing? We need a new roof but would like to make monthly payments. Luis
            ''')),

    # ------------------------------------------------------------------ SUPPORT
    dict(slug='small-leak-dst-monday', when='2026-03-09 07:30', from_=('Gail Porter', 'gporter@gmail.com'),
         subject='Small leak stain - not urgent', cat='SUPPORT', urg='low',
         body=dd('''
            Hi, not urgent, but we noticed a small water stain on the ceiling in the hall closet after last week's rain.
            It's dry now. Could someone take a look at the roof when you have time?

            Gail Porter
            ''')),
    dict(slug='small-leak-after-dst-end', when='2026-11-02 06:30', from_=('Ray Whitman', 'raywhitman@gmail.com'),
         subject='Slow leak by the vent pipe', cat='SUPPORT', urg='low',
         body=dd('''
            Morning. No rush, but there's a slow leak by the bathroom vent pipe, a few drops when it rains hard.
            You replaced our roof in 2024 so I assume it's under warranty. When can someone come by?

            Ray Whitman
            ''')),
    dict(slug='holiday-leak-warranty', when='2026-07-03 10:00', from_=('Sandra Ortiz', 'sandra.ortiz@gmail.com'),
         subject='Leak near the skylight - warranty', cat='SUPPORT', urg='low',
         body=dd('''
            Hi, we have a small leak around the skylight you installed last year, just a drip during heavy rain.
            Not an emergency. Is this covered under your workmanship warranty?

            Sandra Ortiz
            ''')),
    dict(slug='nails-in-driveway', fmt='eml', style='gmail', when='2026-06-03 17:45', from_=('Tom Fischer', 'tfischer@gmail.com'),
         subject='Nails left in the driveway', cat='SUPPORT', sent='negative',
         body=dd('''
            Your crew finished our roof on Monday but there are still nails all over the driveway and lawn.
            I already got a flat tire. I'm pretty disappointed with the cleanup. Can someone come back with a magnet sweeper?

            Tom Fischer
            ''')),
    dict(slug='lawsuit-threat', fmt='eml', style='outlook', when='2026-08-20 22:10', from_=('Angela Price', 'aprice@outlook.com'),
         subject='Damage to my house from your crew', cat='SUPPORT', sent='negative',
         body=dd('''
            Your crew cracked two windows and damaged my gutters during the tear off, and nobody has called me back in two weeks.
            This is unacceptable. If this isn't fixed by the end of the month I will be contacting my lawyer and the BBB.

            Angela Price
            ''')),
    dict(slug='schedule-install-date', when='2026-04-09 10:25', from_=('Kevin Shaw', 'kshaw@gmail.com'),
         subject='When is our install date?', cat='SUPPORT',
         body=dd('''
            Hi, we signed the contract two weeks ago. Do you have a date scheduled for the install yet?
            We need to arrange for the dogs. Thanks, Kevin Shaw
            ''')),
    dict(slug='shingle-color-change', when='2026-02-05 14:00', from_=('Megan Clark', 'megan.clark@gmail.com'),
         subject='Change shingle color before install', cat='SUPPORT',
         body=dd('''
            Hello, is it too late to change our shingle color from Pewter Gray to Charcoal? Our install is scheduled for the 18th.
            Megan Clark
            ''')),
    dict(slug='warranty-paperwork', when='2026-12-03 11:15', from_=('Phil Henderson', 'phenderson@gmail.com'),
         subject='Warranty registration copy', cat='SUPPORT',
         body=dd('''
            Hi, we're refinancing and the bank wants a copy of the warranty for the roof you installed in 2025.
            Could you email the GAF warranty registration? Phil Henderson, 812 Oak Hollow Ln, Garland.
            ''')),
    dict(slug='reschedule-inspection', when='2026-05-11 08:10', from_=('Irene Walsh', 'iwalsh@gmail.com'),
         subject='Reschedule inspection appointment', cat='SUPPORT',
         body=dd('''
            Hi, I need to reschedule my roof inspection appointment from Wednesday to Friday morning if possible.
            Thank you, Irene Walsh
            ''')),

    # ------------------------------------------------------------------ INSURANCE
    dict(slug='hail-damage-claim', fmt='eml', style='gmail', when='2026-05-03 14:20', from_=('Derrick Johnson', 'derrick.johnson@gmail.com'),
         subject='Hail damage - insurance claim', cat='INSURANCE',
         body=dd('''
            Hi,

            The hail storm on Friday dented our gutters and my neighbor says the shingles are damaged too. I filed a claim with
            State Farm, claim number 43-B912-7X1. Can you do an inspection and meet the adjuster? He's coming out May 11.

            Derrick Johnson
            972-555-0158
            ''')),
    dict(slug='adjuster-scheduling', when='2026-05-06 11:40', from_=('Allstate Claims', 'claims.dfw@allstate.com'),
         subject='Claim 0612847193 - inspection scheduling', cat='INSURANCE',
         body=dd('''
            Hello,

            I am the field adjuster assigned to claim 0612847193 for the property at 2716 Willow Bend Dr, Plano.
            The homeowner asked that their roofing contractor attend the inspection. Are you available May 12 at 10:00 AM?

            Kelly Morgan
            Field Adjuster, Allstate
            ''')),
    dict(slug='supplement-request', fmt='eml', style='outlook', when='2026-06-17 16:05', from_=('Derrick Johnson', 'derrick.johnson@outlook.com'),
         subject='State Farm estimate - claim 43-B912-7X1', cat='INSURANCE',
         body=dd('''
            Hi Tyler,

            State Farm sent their estimate for our claim. You mentioned it might be missing drip edge, starter and ice & water shield
            in the valleys. Can you prepare a supplement and send it to the adjuster? I've attached their estimate.

            Derrick Johnson
            ''')),
    dict(slug='insurance-approved-next-steps', when='2026-06-01 13:30', from_=('Kim Alvarez', 'kimalvarez@gmail.com'),
         subject='Insurance approved our roof!', cat='INSURANCE', sent='positive',
         body=dd('''
            Great news - our insurance company approved the claim for a full roof replacement! The ACV check came today.
            What are the next steps, and when could you schedule us? Thank you so much for meeting the adjuster.

            Kim Alvarez
            ''')),
    dict(slug='deductible-question', when='2026-07-22 18:50', from_=('Sam Turner', 'samturner@gmail.com'),
         subject='Question about deductible', cat='INSURANCE',
         body=dd('''
            Hi, our insurance deductible is 2% ($7,400). Does that get paid to you up front or when the job is done?
            And do you handle the depreciation paperwork with the insurance company?

            Sam Turner
            ''')),
    dict(slug='storm-damage-inspection', fmt='eml', style='plain', mime='plain-8bit', charset='iso-8859-1', when='2026-04-19 16:30',
         from_=('Renée Dubois', 'renee.dubois@gmail.com'), name_enc=('iso-8859-1', 'Q'),
         subject='Storm damage inspection for insurance', cat='INSURANCE',
         body=dd('''
            Hello,

            My insurance company says I need a contractor to inspect the wind damage from Saturday before they send an adjuster.
            Several shingles are lifted and the ridge cap is loose. Can you come this week? 1920 Château Ct, Frisco.

            Merci,
            Renée Dubois
            ''')),
    dict(slug='claim-denied-help', when='2026-09-14 09:05', from_=('Oscar Perez', 'operez@gmail.com'),
         subject='Claim denied - can you help?', cat='INSURANCE', sent='negative',
         body=dd('''
            Our insurance company denied our hail claim saying the damage is "wear and tear". Another roofer said it's clearly hail.
            Can you do an inspection and help us ask for a re-inspection? I'm frustrated with the whole process.

            Oscar Perez
            ''')),
    dict(slug='after-hours-insurance-leak', when='2026-10-24 21:30', from_=('Linda Tran', 'lindatran@gmail.com'),
         subject='Hail claim - now a leak in the garage', cat='INSURANCE',
         body=dd('''
            We filed a hail damage claim with USAA last month (claim 0199-22-4471) and the adjuster hasn't come yet.
            Now there's a small leak in the garage ceiling. Can you help with the claim and check the leak?

            Linda Tran
            ''')),

    # ------------------------------------------------------------------ MANAGER
    dict(slug='owner-storm-plan', when='2026-05-02 05:50', from_=('Brandon Hayes', 'brandon@summitridgeroofing.com'),
         subject='Storm response today', cat='MANAGER', sub='Brandon Hayes',
         body=dd('''
            Team - big hail in Plano and McKinney last night. All crews on tarping and inspections today, office open until 5.
            Carla, please call in the extra estimators.

            Brandon
            ''')),
    dict(slug='operations-permits', fmt='eml', style='outlook', when='2026-02-09 15:20', from_=('Carla Jimenez', 'carla@summitridgeroofing.com'),
         subject='Permits for next week', cat='MANAGER', sub='Carla Jimenez',
         body=dd('''
            Hi all, permits for the Mitchell and Clark jobs are approved. Still waiting on Frisco for the Foster job.

            Carla
            ''')),
    dict(slug='sales-pipeline', when='2026-06-29 18:10', from_=('Tyler Brooks', 'tyler@summitridgeroofing.com'),
         subject='Pipeline update', cat='MANAGER', sub='Tyler Brooks',
         body=dd('''
            Brandon, 14 open estimates, 6 insurance jobs waiting on adjusters. Can we talk Thursday about adding a second estimator?
            Tyler
            ''')),
    dict(slug='crew-lead-note', when='2026-08-04 16:35', from_=('Jesse Morales', 'jesse@summitridgeroofing.com'),
         subject='Dumpster at the Shaw job', cat='MANAGER', sub='Unassigned',
         body=dd('''
            The dumpster at the Shaw job is full, need a swap before tomorrow's tear off. Also short 4 bundles of ridge cap.
            Jesse
            ''')),
    dict(slug='customer-wants-owner', when='2026-09-18 10:45', from_=('Henry Wallace', 'hwallace@gmail.com'),
         subject='Please have the owner call me', cat='MANAGER', sub='Escalations', sent='negative',
         body=dd('''
            I've left three messages about the flashing on my chimney and nobody follows up. I want to talk to the owner, Brandon,
            about how this job has been handled. This is frustrating.

            Henry Wallace
            ''')),

    # ------------------------------------------------------------------ SUPPLIERS
    dict(slug='abc-delivery-confirmation', fmt='eml', style='plain', when='2026-04-07 06:30',
         from_=('ABC Supply', 'dispatch@abcsupply.com'), subject='Delivery confirmation - PO-20266',
         cat='SUPPLIERS', sub='ABC Supply', ent={'order_number': 'PO-20266'},
         body=dd('''
            Your order PO-20266 is scheduled for rooftop delivery on April 8 between 7 and 9 AM.
            Job address: 2400 Preston Rd, Plano.
            36 squares GAF Timberline HDZ Charcoal, 8 rolls FeltBuster, 10 bundles Seal-A-Ridge.
            ''')),
    dict(slug='srs-invoice-pdf', fmt='eml', style='mixed-pdf', mime='mixed-pdf', pdf='SRS_Invoice_88120455.pdf', when='2026-04-30 19:10',
         from_=('SRS Distribution', 'ar@srsdistribution.com'), subject='Invoice 88120455',
         cat='SUPPLIERS', sub='SRS Distribution', ent={'invoice_number': '88120455'},
         body=dd('''
            Please see attached invoice 88120455 for materials delivered in April.
            Total due: $14,882.16. Terms: net 30.
            ''')),
    dict(slug='beacon-order-shipped', when='2026-07-28 13:45', from_=('Beacon Building Products', 'orders@becn.com'),
         subject='Your order #5512093 has shipped', cat='SUPPLIERS', sub='Beacon', ent={'order_number': '5512093'},
         body=dd('''
            Order #5512093 has shipped and will arrive at the McKinney branch tomorrow for pickup.
            ''')),
    dict(slug='gaf-certification', fmt='eml', style='related', mime='related', when='2026-03-02 09:00',
         from_=('GAF Contractor Programs', 'contractors@gaf.com'), subject='Your Master Elite certification renewal',
         headers={'list_unsubscribe': '<https://gaf.com/unsub>'}, cat='SUPPLIERS', sub='GAF', pf='bulk',
         body=dd('''
            Your GAF Master Elite certification renews on April 1. Please upload your current insurance certificate and license
            in the contractor portal.
            ''')),
    dict(slug='abc-price-update', when='2026-10-01 08:00', from_=('ABC Supply', 'dfw.sales@abcsupply.com'),
         subject='Shingle price increase November 1', cat='SUPPLIERS', sub='ABC Supply',
         body=dd('''
            Manufacturers have announced a 5% price increase on asphalt shingles effective November 1.
            Orders placed by October 31 ship at current pricing.
            ''')),
    dict(slug='beacon-statement', when='2026-11-02 07:15', from_=('Beacon Building Products', 'statements@becn.com'),
         subject='Monthly statement and invoice summary', cat='SUPPLIERS', sub='Beacon',
         body=dd('''
            Your October statement is attached. Open invoice balance: $6,220.40. Please remit by November 30.
            ''')),

    # ------------------------------------------------------------------ BANKING
    dict(slug='bofa-alert', when='2026-03-12 02:10', from_=('Bank of America', 'onlinebanking@ealerts.bankofamerica.com'),
         subject='Alert: unusual activity on your business card', cat='BANKING', sub='BankAlert',
         body=dd('''
            We noticed unusual activity on your business credit card ending in 6603. Please review recent transactions in
            Online Banking. If you don't recognize a charge, call the number on the back of your card.
            ''')),
    dict(slug='quickbooks-payment', fmt='eml', style='plain', when='2026-06-26 15:40',
         from_=('QuickBooks Payments', 'quickbooks@notification.intuit.com'), subject='Payment received: Invoice 3318',
         cat='BANKING', sub='Receipts',
         body=dd('''
            You received a payment of $9,850.00 from Kim Alvarez for invoice 3318.
            The payment will be deposited to your bank account in 2 business days.
            ''')),
    dict(slug='insurance-check-deposit', when='2026-07-01 11:05', from_=('Chase', 'no.reply.alerts@chase.com'),
         subject='Your mobile deposit was received', cat='BANKING', sub='BankAlert', pf='no_reply',
         body=dd('''
            We received your mobile deposit of $12,430.18 to business checking account ending in 2044.
            Funds availability: July 2.
            ''')),
    dict(slug='verizon-bill', when='2026-08-09 04:00', from_=('Verizon Business', 'vzwbilling@verizonwireless.com'),
         subject='Your Verizon bill is ready', cat='BANKING', sub='Invoice',
         body=dd('''
            Your bill for account 882044190-00001 is ready.
            Amount due: $486.22. Due date: August 28, 2026.
            ''')),
    dict(slug='stripe-refund', when='2026-09-09 10:20', from_=('Stripe', 'notifications@stripe.com'),
         subject='Refund processed for Oscar Perez', cat='BANKING', sub='Refund', pf='no_reply',
         body=dd('''
            A refund of $350.00 has been issued to Oscar Perez for payment py_3Q7x (inspection deposit).
            The refund was processed to the customer's card.
            ''')),
    dict(slug='zelle-deposit', fmt='eml', style='plain', when='2026-12-18 17:30', from_=('Wells Fargo', 'alerts@notify.wellsfargo.com'),
         subject='You received money with Zelle', cat='BANKING', sub='e-Transfer', pf='no_reply',
         body=dd('''
            HENRY WALLACE sent you $1,200.00 with Zelle. Memo: chimney flashing repair.
            The money is available in your business checking account ending in 7719.
            ''')),

    # ------------------------------------------------------------------ FORMSUB
    dict(slug='wordpress-estimate-form', fmt='eml', style='plain', mime='plain-7bit', when='2026-05-04 21:05',
         from_=('WordPress', 'wordpress@summitridgeroofing.com'), reply_to=('Carmen Silva', 'carmen.silva@gmail.com'),
         subject='[Summit Ridge Roofing] Free Estimate Request', cat='FORMSUB', ent={'contact_name': 'Carmen Silva', 'phone': '469-555-0172'},
         body=dd('''
            Name: Carmen Silva
            Email: carmen.silva@gmail.com
            Phone: 469-555-0172
            Address: 908 Bluebonnet Trl, McKinney
            Message: Hail damage from last week, would like a free inspection and estimate.
            ''')),
    dict(slug='jotform-inspection', when='2026-08-17 13:10', from_=('Jotform', 'noreply@jotform.com'),
         reply_to=('Dale Whitaker', 'dwhitaker@gmail.com'), subject='New submission: Free Roof Inspection', cat='FORMSUB',
         body=dd('''
            Free Roof Inspection form

            Name: Dale Whitaker
            Email: dwhitaker@gmail.com
            Phone: 972-555-0147
            Message: Buying a house and want a roof inspection before closing, address 1515 Elm Grove Ln, Richardson.
            ''')),
    dict(slug='wix-repair-request', fmt='eml', style='gmail', when='2026-10-06 18:20', from_=('Wix Forms', 'no-reply@crm.wix.com'),
         reply_to=('Stacy Long', 'stacy.long@hotmail.com'), subject='New form submission on summitridgeroofing.com', cat='FORMSUB',
         body=dd('''
            You have a new form submission.

            Name: Stacy Long
            Email: stacy.long@hotmail.com
            Phone: 214-555-0125
            Message: A few shingles came off in the wind. Can you repair them?
            ''')),
    dict(slug='squarespace-gutter', when='2026-11-16 08:40', from_=('Squarespace', 'form-submission@squarespace.info'),
         reply_to=('Ben Carter', 'bcarter@gmail.com'), subject='Form Submission - Contact', cat='FORMSUB',
         body=dd('''
            Sent via form submission from Summit Ridge Roofing

            Name: Ben Carter
            Email: bcarter@gmail.com
            Phone: 972-555-0112
            Message: Need gutters replaced and a quote for gutter guards.
            ''')),

    # ------------------------------------------------------------------ GOOGLE_REVIEW
    dict(slug='review-5-stars', fmt='eml', style='related', mime='related', when='2026-06-05 12:00', from_=GOOGLE,
         subject='Kim Alvarez left a review for Summit Ridge Roofing', cat='GOOGLE_REVIEW', sub='New Review', pf='no_reply',
         sent='positive',
         body=dd('''
            Summit Ridge Roofing has a new review

            Kim Alvarez
            ★★★★★
            "They handled everything with our insurance claim and the new roof looks amazing. Professional crew, spotless cleanup."

            Reply to review
            ''')),
    dict(slug='review-1-star', when='2026-08-22 07:35', from_=GOOGLE,
         subject='Angela Price left a review for Summit Ridge Roofing', cat='GOOGLE_REVIEW', sub='Response Needed', pf='no_reply',
         sent='negative',
         body=dd('''
            Summit Ridge Roofing has a new review

            Angela Price
            1 star
            "Crew broke two windows and the office ignores my calls. Worst contractor experience ever."

            Reply to review
            ''')),
    dict(slug='review-4-stars', when='2026-04-15 16:25', from_=GOOGLE,
         subject='New review for Summit Ridge Roofing', cat='GOOGLE_REVIEW', sub='New Review', pf='no_reply', sent='positive',
         body=dd('''
            Megan Clark left a review

            ★★★★
            "Good work and fair price. Install got pushed a few days because of rain but they kept us informed. Would recommend."

            Reply to review
            ''')),

    # ------------------------------------------------------------------ PHONE
    dict(slug='voicemail-leak', fmt='eml', style='plain', mime='plain-7bit', when='2026-04-18 23:40',
         from_=('RingCentral', 'notify@ringcentral.com'), subject='New Voicemail from (214) 555-0188',
         cat='PHONE', sub='Voicemails', pf='no_reply', ent={'phone': '214-555-0188'},
         body=dd('''
            You have a new voicemail.

            From: (214) 555-0188
            Duration: 0:52
            Transcription: Hi, we have water coming through the ceiling from the storm, please call us back, 214 555 0188.
            ''')),
    dict(slug='missed-call', when='2026-02-18 13:15', from_=('RingCentral', 'service@ringcentral.com'),
         subject='You missed a call from (469) 555-0109', cat='PHONE', sub='Missed Calls', ent={'phone': '469-555-0109'},
         body=dd('''
            You missed a call.

            From: (469) 555-0109 MCKINNEY TX
            Time: Wednesday, February 18, 2026 1:15 PM
            ''')),
    dict(slug='callrail-missed', when='2026-09-26 10:50', from_=('CallRail', 'notifications@callrail.com'),
         subject='Missed call from Google Ads: (972) 555-0161', cat='PHONE', sub='Missed Calls', pf='no_reply',
         ent={'phone': '972-555-0161'},
         body=dd('''
            Missed call
            Caller: (972) 555-0161, Plano TX
            Source: Google Ads
            Duration: 0:00
            ''')),

    # ------------------------------------------------------------------ RECRUITMENT
    dict(slug='indeed-estimator', fmt='eml', style='related', mime='related', when='2026-06-08 08:15',
         from_=('Indeed', 'indeedapply@indeed.com'), subject='New application: Roofing Estimator - Sean Murphy',
         cat='RECRUITMENT',
         body=dd('''
            Sean Murphy applied to your job: Roofing Estimator (Plano, TX).
            4 years of experience estimating residential insurance claims, Xactimate certified.
            View resume on Indeed.
            ''')),
    dict(slug='crew-lead-resume', when='2026-03-30 19:45', from_=('Miguel Santos', 'miguelsantos.roof@gmail.com'),
         subject='Looking for work - roofing crew lead', cat='RECRUITMENT',
         body=dd('''
            Hello, I'm a roofing crew lead with 10 years of experience in shingles and metal, with my own crew of 5.
            Are you hiring subcontract crews or employees? I can send references and my resume.

            Miguel Santos
            ''')),
    dict(slug='office-job-application', when='2026-01-12 12:30', from_=('Rachel Kim', 'rachelkim.work@gmail.com'),
         subject='Application for office coordinator position', cat='RECRUITMENT',
         body=dd('''
            Hi, I'm applying for the office coordinator position I saw posted on your website. My resume and cover letter are attached.
            I have 3 years of experience in a contractor's office.

            Rachel Kim
            ''')),

    # ------------------------------------------------------------------ PROMO
    dict(slug='lead-gen-spam', when='2026-05-05 03:20', from_=('StormLeads Pro', 'sales@stormleadspro.com'),
         subject='Hail hit Plano - get exclusive storm leads today', cat='PROMO',
         body=dd('''
            Hail hit Plano last week! Get exclusive homeowner leads in hail zones delivered to your inbox. Free trial for 7 days,
            book a demo now. Limited time: 50% off the first month.
            ''')),
    dict(slug='roofing-expo', fmt='eml', style='related', mime='related', when='2026-01-05 10:00',
         from_=('International Roofing Expo', 'news@theroofingexpo.com'), subject='Register now: International Roofing Expo 2026',
         headers={'list_unsubscribe': '<https://theroofingexpo.com/unsubscribe>', 'list_id': '<news.theroofingexpo.com>'},
         cat='PROMO', pf='bulk',
         body=dd('''
            Register now for the International Roofing Expo. Early bird pricing ends January 15. Save 25% on full conference passes.
            Unsubscribe
            ''')),
    dict(slug='drone-software', when='2026-07-20 09:00', from_=('SkyMeasure', 'hello@skymeasure.io'),
         subject='Measure roofs in minutes - free trial', cat='PROMO', headers={'list_unsubscribe': '<https://skymeasure.io/u>'},
         pf='bulk',
         body=dd('''
            Introducing SkyMeasure: accurate roof measurements from drone and satellite imagery. Start your free trial today
            and save 20% on annual plans.
            ''')),
    dict(slug='cash-advance-spam', when='2026-10-20 01:45', from_=('Capital Partners', 'funding@fastbizcapital.net'),
         subject='Pre-approved: business loan for roofing contractors', cat='PROMO',
         body=dd('''
            Your roofing business is pre-approved for a business loan up to $500,000. Funding in 24 hours, no paperwork.
            Act now - this offer expires Friday.
            ''')),

    # ------------------------------------------------------------------ SOCIALMEDIA
    dict(slug='facebook-review-recommendation', when='2026-06-06 19:10', from_=('Facebook', 'notification@facebookmail.com'),
         subject='Kim Alvarez recommends Summit Ridge Roofing', cat='SOCIALMEDIA', pf='no_reply',
         body=dd('''
            Kim Alvarez recommended your page: "Great crew, handled our insurance claim start to finish."
            See the recommendation and reply on your page.
            ''')),
    dict(slug='linkedin-profile-views', when='2026-02-27 07:00', from_=('LinkedIn', 'notifications-noreply@linkedin.com'),
         subject='Brandon, your profile was viewed by 14 people', cat='SOCIALMEDIA', pf='no_reply',
         headers={'list_unsubscribe': '<https://www.linkedin.com/e/v2?e=unsub>'},
         body=dd('''
            14 people viewed your profile this week, including a recruiter and a property manager. See all profile views.
            ''')),

    # ------------------------------------------------------------------ MISC
    dict(slug='out-of-office-adjuster', fmt='eml', style='outlook', when='2026-05-07 08:05', from_=('Kelly Morgan', 'kelly.morgan@allstate.com'),
         subject='Out of Office: Claim 0612847193 - inspection scheduling', headers={'auto_submitted': 'auto-replied'},
         cat='MISC', pf='out_of_office',
         body=dd('''
            I am out of the office until May 11. For claim questions please call the Allstate claims line.
            ''')),
    dict(slug='mailer-daemon-bounce', fmt='eml', style='plain', mime='report', when='2026-02-16 10:20',
         from_=('Mail Delivery System', 'MAILER-DAEMON@mail.summitridgeroofing-relay.net'),
         subject='Undelivered Mail Returned to Sender', cat='MISC', pf='bounce',
         original={'to': 'laura.mitchel@gmail.com',
                   'headers': 'From: Tyler Brooks <tyler@summitridgeroofing.com>\nTo: laura.mitchel@gmail.com\nSubject: Your roof estimate\nDate: Mon, 16 Feb 2026 10:19:51 -0600'},
         body=dd('''
            This is the mail system at host mail.summitridgeroofing-relay.net.

            I'm sorry to have to inform you that your message could not be delivered to one or more recipients.
            <laura.mitchel@gmail.com>: host gmail-smtp-in.l.google.com said: 550 5.1.1 The email account does not exist.
            ''')),
    dict(slug='ambiguous-hi', when='2026-12-28 15:00', from_=('Gina Russo', 'ginarusso@gmail.com'),
         subject='Hi', cat='MISC',
         body=dd('''
            Hi there, just wanted to say hello. Hope you had a nice holiday.
            Gina
            ''')),
    dict(slug='roof-or-siding-unsure', when='2026-09-02 19:20', from_=('Walt Becker', 'waltbecker@gmail.com'),
         subject='Some questions', cat='SALES', low_conf=True,
         body=dd('''
            Hello, a couple of things on the house need looking at, maybe the roof and maybe the siding. I have some questions
            about what you'd recommend. Walt
            ''')),
]

for m in MESSAGES:
    m['from'] = m.pop('from_')
