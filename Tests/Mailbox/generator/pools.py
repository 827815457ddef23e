from generate import dd

DOMAIN = 'sunshinepoolsfl.com'
HOLIDAYS = [('2026-01-01', "New Year's Day"), ('2026-05-25', 'Memorial Day'), ('2026-07-03', 'Independence Day (observed)'),
            ('2026-09-07', 'Labor Day'), ('2026-11-26', 'Thanksgiving'), ('2026-12-25', 'Christmas')]

CLIENT = {
    'inbox': 'office@sunshinepoolsfl.com', 'inbox_name': 'Sunshine Pools & Spas',
    'client_config': {
        'version': 1,
        'business': {'name': 'Sunshine Pools & Spas', 'type': 'pools_spas', 'email_domain': DOMAIN,
                     'timezone': 'America/New_York', 'currency': 'USD', 'website': 'https://sunshinepoolsfl.com',
                     'service_area': 'Tampa, St. Petersburg, Clearwater, Brandon, Wesley Chapel'},
        'contact': {'name': 'Rick Alvarez', 'role': 'Owner', 'email': 'rick@sunshinepoolsfl.com', 'after_hours_phone': '813-555-0199'},
        'services': [
            {'name': 'Weekly pool service', 'description': 'Chemicals, brushing, skimming, filter checks', 'pricing': 'from $135/month'},
            {'name': 'Equipment repair', 'description': 'Pumps, filters, heaters, salt systems, automation', 'pricing': '$95 diagnostic'},
            {'name': 'Green pool cleanup', 'description': 'Algae treatment and recovery', 'pricing': 'from $275'},
            {'name': 'Hurricane prep', 'description': 'Pre-storm equipment shutdown and post-storm cleanup', 'pricing': '$150 per visit'},
            {'name': 'Hot tub service', 'description': 'Drain, clean, refill and balance', 'pricing': '$189'},
        ],
        'signature': 'Sunshine Pools & Spas\n813-555-0100 | sunshinepoolsfl.com',
        'auto_reply': {'enabled': True, 'min_confidence': 0.6, 'include_pricing': True,
                       'categories': ['SALES', 'SUPPORT', 'SEASONAL', 'FORMSUB', 'URGENT']},
        'holidays': [d for d, _ in HOLIDAYS],
        'sla': {'first_response_minutes': 120},
    },
    'managers': [
        {'name': 'Rick Alvarez', 'email': 'rick@sunshinepoolsfl.com', 'phone': '813-555-0100', 'roles': ['owner'], 'forward': True},
        {'name': 'Tasha Monroe', 'email': 'tasha@sunshinepoolsfl.com', 'phone': '813-555-0101', 'roles': ['service', 'dispatch'], 'forward': True},
        {'name': 'Luis Ortega', 'email': 'luis@sunshinepoolsfl.com', 'phone': '813-555-0102', 'roles': ['sales'], 'forward': False},
        {'name': 'Janet Kim', 'email': 'janet@sunshinepoolsfl.com', 'roles': ['accounts', 'operations'], 'forward': False},
    ],
    'suppliers': [
        {'name': 'SCP Distributors', 'domains': ['poolcorp.com', 'scppool.com'], 'category': 'parts and chemicals'},
        {'name': "Leslie's Pro", 'email': 'pro@lesliespool.com', 'domains': ['lesliespool.com'], 'category': 'chemicals'},
        {'name': 'Hayward', 'domains': ['hayward.com'], 'category': 'equipment'},
        {'name': 'Pentair', 'domains': ['pentair.com'], 'category': 'equipment'},
        {'name': 'Bio-Lab', 'domains': ['biolabinc.com'], 'category': 'chemicals'},
    ],
    'business_hours': {
        'timezone': 'America/New_York',
        'hours': {'version': 1,
                  'weekly': {'mon': [['07:30', '17:30']], 'tue': [['07:30', '17:30']], 'wed': [['07:30', '17:30']],
                             'thu': [['07:30', '17:30']], 'fri': [['07:30', '17:30']], 'sat': [['08:00', '12:00']]},
                  'holidays': [{'date': d, 'name': n} for d, n in HOLIDAYS],
                  'overrides': [{'date': '2026-08-21', 'intervals': [], 'note': 'Closed for staff training'}]},
    },
    'communication_style': {
        'name': 'Rick (warm)', 'tone': 'warm', 'formality': 'informal',
        'personality_traits': ['upbeat', 'helpful', 'local'],
        'signature_phrases': ["We'll have you swimming again in no time!", 'Stay cool,'],
        'response_patterns': {
            'greeting': 'Hi {first_name}!', 'closing': 'Stay cool,', 'length': 'short',
            'category_guidance': {
                'URGENT': 'Promise a same-day call back from Tasha and give the after-hours number 813-555-0199.',
                'SALES': 'Weekly service starts at $135/month; offer a free pool evaluation.',
                'SEASONAL': 'Hurricane prep visits are $150; book early, slots fill fast in storm season.',
            },
        },
    },
    'escalation_rules': [
        {'name': 'Urgent pool emergencies', 'priority': 100, 'is_active': True,
         'conditions': {'fact': 'category', 'op': 'eq', 'value': 'URGENT'},
         'actions': [{'type': 'notify', 'channels': ['sms', 'email'], 'role': 'service'}, {'type': 'mark_escalated'}]},
        {'name': 'Legal, refund or chargeback threats', 'priority': 90, 'is_active': True,
         'conditions': {'all': [{'fact': 'sentiment', 'op': 'eq', 'value': 'negative'},
                                {'fact': 'sender_is_internal', 'op': 'eq', 'value': False},
                                {'fact': 'body', 'op': 'contains_any',
                                 'value': ['lawyer', 'attorney', 'refund', 'bbb', 'better business bureau', 'chargeback']}]},
         'actions': [{'type': 'forward', 'role': 'owner'}, {'type': 'block_draft'}, {'type': 'mark_escalated'}]},
        {'name': 'After-hours equipment failures', 'priority': 80, 'is_active': True,
         'conditions': {'all': [{'fact': 'after_hours', 'op': 'eq', 'value': True},
                                {'fact': 'urgency', 'op': 'gte', 'value': 'high'},
                                {'fact': 'category', 'op': 'not_in', 'value': ['PROMO', 'SOCIALMEDIA', 'MISC']}]},
         'actions': [{'type': 'notify', 'channels': ['sms'], 'role': 'service'}, {'type': 'mark_escalated'}]},
        {'name': 'Supplier invoices', 'priority': 50, 'is_active': True,
         'conditions': {'all': [{'fact': 'sender_is_supplier', 'op': 'eq', 'value': True},
                                {'fact': 'subject', 'op': 'contains', 'value': 'invoice'}]},
         'actions': [{'type': 'apply_label', 'category': 'BANKING', 'subcategory': 'Invoice'}]},
        {'name': 'Commercial leads to sales', 'priority': 40, 'is_active': True,
         'conditions': {'all': [{'fact': 'category', 'op': 'in', 'value': ['SALES', 'FORMSUB']},
                                {'fact': 'body', 'op': 'contains_any',
                                 'value': ['hoa', 'condo association', 'property management', 'homeowners association', 'community pool']}]},
         'actions': [{'type': 'notify', 'channels': ['email'], 'role': 'sales'}, {'type': 'set_priority', 'priority': 5}]},
    ],
}

GOOGLE = ('Google Business Profile', 'businessprofile-noreply@google.com')

MESSAGES = [
    # ------------------------------------------------------------------ URGENT
    dict(slug='green-pool-party', fmt='eml', style='gmail', when='2026-05-13 19:42', from_=('Stephanie Ruiz', 'steph.ruiz@gmail.com'),
         subject='🎉 Pool is GREEN and graduation party is Saturday!!', subj_enc=('utf-8', 'B'), cat='URGENT', urg='high',
         ent={'phone': '813-555-0164', 'address': '4812 W Bay Villa Ave'},
         body=dd('''
            Hi Sunshine Pools,

            We got back from a week away and the pool has turned green. Like swamp green. We have my daughter's graduation party
            this Saturday with 40 people coming. Is there any way you can come out tomorrow or Thursday to get it cleaned up?

            4812 W Bay Villa Ave, Tampa. Cell 813-555-0164.

            Thank you!!
            Stephanie Ruiz
            ''')),
    dict(slug='pump-motor-humming', when='2026-07-08 08:20', from_=('Dennis Walsh', 'dwalsh@verizon.net'),
         subject='Pool pump not working - just hums', cat='URGENT', urg='high',
         body=dd('''
            Good morning,

            Our pool pump stopped working yesterday. It just hums and the breaker trips after a minute. With this heat the water
            is already getting cloudy. Can you send someone today to look at it? We're at 2207 Carrollwood Springs Dr.

            Dennis Walsh
            813-555-0177
            ''')),
    dict(slug='heater-sparking', fmt='eml', style='outlook', when='2026-01-17 18:55', from_=('Patricia Lindgren', 'plindgren@outlook.com'),
         subject='Spa heater sparking - shut it off', cat='URGENT', urg='critical',
         body=dd('''
            Hi,

            When my husband turned the spa heater on tonight we saw sparks coming from the heater panel and there was a burning smell.
            He switched the breaker off. Please have someone call us first thing, we don't want to touch it.

            Patricia Lindgren
            727-555-0138
            ''')),
    dict(slug='broken-drain-cover', when='2026-06-20 10:15', from_=('Mark Jefferson', 'mjefferson@gmail.com'),
         subject='Broken main drain cover - kids swimming', cat='URGENT', urg='high',
         body=dd('''
            Hello, the main drain cover at the bottom of our pool cracked and came off. I know that's a safety hazard with the kids
            and the suction. We've kept everyone out of the pool. Can you replace it as soon as possible? 1503 Lantana Lane, Brandon.

            Mark
            ''')),
    dict(slug='pump-died-rental-guests', when='2026-03-27 16:40', from_=('Gulf Coast Vacation Rentals', 'ops@gulfcoastvr.com'),
         subject='URGENT - pump died at rental, guests arrive tomorrow', cat='URGENT', urg='high',
         body=dd('''
            Hi team,

            The pool pump at our rental at 17520 Gulf Blvd, Redington Shores died this afternoon (motor won't start).
            New guests check in tomorrow at 4pm and the pool is the main attraction. Please send a tech tomorrow morning.

            Thanks,
            Alyssa Grant
            Gulf Coast Vacation Rentals
            ''')),
    dict(slug='pool-overflowing-storm', when='2026-08-29 22:30', from_=('Kevin Osei', 'kevin.osei@gmail.com'),
         subject='Pool overflowing into the lanai and house', cat='URGENT', urg='critical',
         body=dd('''
            The storm has dumped so much rain the pool is overflowing and water is pouring into the lanai and under the back door.
            The family room carpet is getting wet. How do we drain it down? Can someone come out?

            Kevin Osei, 9021 Orchid Cove Dr
            813-555-0122
            ''')),
    dict(slug='pump-out-after-hurricane', fmt='eml', mime='base64', style='plain', when='2026-10-11 09:05',
         from_=('Carol Bennett', 'carolbennett@tampabay.rr.com'),
         subject='Pump not working after the hurricane, pool turning green', cat='URGENT', urg='high',
         body=dd('''
            Hi,

            Our power was out for 3 days after the hurricane and now that it's back the pump won't start. The pool is turning green
            and full of debris. Please get us on the schedule as soon as you can.

            Carol Bennett
            4410 Bayshore Blvd, Tampa
            ''')),

    # ------------------------------------------------------------------ SALES
    dict(slug='new-pool-build', fmt='eml', style='gmail', when='2026-02-10 12:30', from_=('Jason Park', 'jasonpark.fl@gmail.com'),
         subject='Quote for new inground pool', cat='SALES', ent={'contact_name': 'Jason Park'},
         body=dd('''
            Hi,

            We just bought a house in Wesley Chapel and would like a quote for a new inground pool with a spa and screen enclosure.
            The backyard is about 60x40. What's your timeline for new builds right now?

            Thanks,
            Jason Park
            ''')),
    dict(slug='buy-hot-tub', when='2026-11-09 18:05', from_=('Angela Moore', 'angela.moore@yahoo.com'),
         subject='Looking to buy a hot tub', cat='SALES',
         body=dd('''
            Hello! We're interested in a new hot tub for our patio, 6-person. Do you sell and install them, and what's the price range?
            We'd like it in before Christmas.

            Angela
            ''')),
    dict(slug='salt-conversion', when='2026-04-15 14:10', from_=('Frank Russo', 'frusso@gmail.com'),
         subject='Convert to salt system', cat='SALES',
         body=dd('''
            Hi, how much would it cost to convert our chlorine pool to a salt system? 15,000 gallon pool, Pentair equipment.
            Thanks, Frank Russo
            ''')),
    dict(slug='resurfacing-quote', fmt='eml', style='plain', mime='plain-8bit', charset='iso-8859-1', when='2026-09-22 11:45',
         from_=('José Martínez', 'jose.martinez@bellsouth.net'), name_enc=('iso-8859-1', 'B'),
         subject='Resurfacing quote', cat='SALES', ent={'contact_name': 'José Martínez'},
         body=dd('''
            Hello,

            Our pool plaster is rough and stained after 20 years. We would like an estimate to resurface it, maybe with pebble finish.
            The pool is at 3506 W Azeele St in Tampa. Señora Martínez is home most mornings if you need to look at it.

            Gracias,
            José Martínez
            ''')),
    dict(slug='pool-heat-pump', when='2026-10-30 09:50', from_=('Greg Sullivan', 'gsullivan@gmail.com'),
         subject='Pool heater for winter', cat='SALES',
         body=dd('''
            We'd like to install a heat pump pool heater so we can swim through the winter. Can you give us a quote?
            The pool is about 18,000 gallons and gets afternoon sun.

            Greg Sullivan
            ''')),
    dict(slug='led-lights-automation', when='2026-03-05 20:15', from_=('Priya Raman', 'priya.raman@gmail.com'),
         subject='LED pool lights and automation', cat='SALES',
         body=dd('''
            Hi, interested in upgrading to color LED pool lights and an automation system I can control from my phone.
            Could you come out and give us options and pricing?

            Priya
            ''')),
    dict(slug='hoa-community-pool', fmt='eml', style='outlook', when='2026-01-21 10:00', from_=('Meadow Pointe HOA', 'board@meadowpointehoa.org'),
         subject='Request for proposal - community pool service', cat='SALES',
         body=dd('''
            Good morning,

            The Meadow Pointe homeowners association is requesting proposals for weekly service of our community pool and
            splash pad starting March 1. Please include pricing, chemical program and insurance certificate.
            Proposals are due February 6.

            Sincerely,
            Debra Collins
            HOA Board Secretary
            ''')),
    dict(slug='weekly-service-pricing', when='2026-06-02 13:20', from_=('Tom Nguyen', 'tomnguyen@gmail.com'),
         subject='Weekly pool service pricing', cat='SALES',
         body=dd('''
            Hi, we just moved to St. Pete and are looking for weekly pool service. How much do you charge per month,
            and does that include chemicals? Pool is screened, about 12,000 gallons.

            Tom
            ''')),

    # ------------------------------------------------------------------ SUPPORT
    dict(slug='cloudy-water', when='2026-07-21 15:35', from_=('Lisa Chen', 'lisa.chen@gmail.com'),
         subject='Cloudy water after service', cat='SUPPORT',
         body=dd('''
            Hi, our pool has been cloudy since Tuesday's service. Chlorine reads fine on my test strips.
            Should I run the pump longer, or can the tech check it on the next visit?

            Lisa Chen
            ''')),
    dict(slug='salt-cell-check-light', fmt='eml', style='gmail', when='2026-05-05 17:10', from_=('Brian Foster', 'bfoster@gmail.com'),
         subject='Check cell light on salt system', cat='SUPPORT',
         body=dd('''
            The "check cell" light is on our Hayward salt system and the chlorine output dropped. Is this something you can fix
            on the regular service visit or do we need a repair appointment?

            Brian Foster
            ''')),
    dict(slug='reschedule-service-day', when='2026-04-06 08:05', from_=('Marisol Vega', 'marisol.vega@gmail.com'),
         subject='Change service day', cat='SUPPORT',
         body=dd('''
            Hi! Could we move our weekly service from Monday to Thursday? The landscapers come Mondays and blow everything into the pool.
            Thanks, Marisol
            ''')),
    dict(slug='chemical-charge-question', when='2026-02-03 11:55', from_=('Howard Stein', 'hstein@gmail.com'),
         subject='Extra chemical charge on my bill', cat='SUPPORT', ent={'invoice_number': '20931'},
         body=dd('''
            Hello,

            My January bill (invoice #20931) has an extra $64 chemical charge. Can you explain what that was for?
            We didn't have any problems with the pool that month.

            Howard Stein
            ''')),
    dict(slug='heater-error-code', fmt='eml', style='outlook', when='2026-12-08 19:20', from_=('Nancy Ward', 'nward@outlook.com'),
         subject='Pool heater error code', cat='SUPPORT',
         body=dd('''
            Hi,

            Our Pentair heater is showing an error code "LO" and won't heat. The pump is running fine.
            Can someone come look at it this week?

            Nancy Ward
            813-555-0149
            ''')),
    dict(slug='gate-left-open-complaint', fmt='eml', style='gmail', when='2026-08-14 18:25', from_=('Rebecca Holt', 'rebecca.holt@gmail.com'),
         subject='Your tech left our gate open', cat='SUPPORT', sent='negative',
         body=dd('''
            Today your technician left our side gate open and our dog got out. We found him two streets over, thankfully.
            This is the second time. I'm really upset. Please make sure whoever comes closes the gate.

            Rebecca Holt
            ''')),
    dict(slug='attorney-refund-threat', when='2026-09-03 21:10', from_=('Gary Whitfield', 'gwhitfield@gmail.com'),
         subject='Heater repair - still broken', cat='SUPPORT', sent='negative',
         body=dd('''
            I paid $780 for a heater repair on August 20 and it is still broken. Your office keeps ignoring my calls.
            This is unacceptable. Either you fix it this week or I want a full refund, and I've already talked to my attorney
            about filing a chargeback.

            Gary Whitfield
            ''')),
    dict(slug='filter-cleaning-question', when='2026-03-19 12:40', from_=('Amy Turner', 'amyturner@gmail.com'),
         subject='Filter cleaning', cat='SUPPORT',
         body=dd('''
            Quick question - how often should the cartridge filter be cleaned, and is that included in our weekly service?
            The pressure gauge is at 22 psi. Thanks! Amy
            ''')),
    dict(slug='hot-tub-cover-warranty', when='2026-11-17 10:30', from_=('Walter Hughes', 'walter.hughes@gmail.com'),
         subject='Hot tub cover torn - warranty?', cat='SUPPORT',
         body=dd('''
            Hi,

            The cover you sold us last year has a torn seam along the fold and is taking on water. Is that covered under warranty?
            Let me know what you need from me.

            Walter Hughes
            ''')),
    dict(slug='losing-water', when='2026-06-11 09:40', from_=('Diana Flores', 'dflores@gmail.com'),
         subject='Pool losing water', cat='SUPPORT',
         body=dd('''
            Hello, our pool seems to be losing about an inch of water a day, more than evaporation. Do you do leak detection?
            We're at 6217 Sunset Bay Cir.

            Diana
            ''')),

    # ------------------------------------------------------------------ SEASONAL
    dict(slug='hurricane-prep', fmt='eml', style='gmail', when='2026-08-24 12:05', from_=('Ron Castillo', 'ron.castillo@gmail.com'),
         subject='Hurricane prep for the pool', cat='SEASONAL',
         body=dd('''
            Hi, with the storm heading our way this weekend can you do your hurricane prep service on our pool?
            Shut down the equipment, lower the water a bit, whatever you recommend. 2211 Davis Blvd.

            Ron Castillo
            ''')),
    dict(slug='snowbird-summer-closing', when='2026-04-20 10:45', from_=('Gerald Thompson', 'gthompson@sympatico.ca'),
         subject='Heading north for the summer', cat='SEASONAL',
         body=dd('''
            Hello,

            We're heading back to Ontario on May 2 for the summer. Please switch us to your summer (every other week) service
            and close up the spa while we're gone. We'll be back in early November.

            Gerald and Ann Thompson
            ''')),
    dict(slug='snowbird-reopen-november', fmt='eml', style='outlook', when='2026-10-26 15:10',
         from_=('Gerald Thompson', 'gthompson@sympatico.ca'),
         subject='Start-up service when we return', cat='SEASONAL',
         body=dd('''
            Hi,

            We arrive back on November 6. Could you do a start-up service and open the spa the day before we arrive
            and go back to weekly service for the season?

            Thanks,
            Gerald Thompson
            ''')),
    dict(slug='turn-on-pool-heat', when='2026-11-02 07:40', from_=('Mary Ellen Ross', 'meross@gmail.com'),
         subject='Turn on pool heater for the season', cat='SEASONAL',
         body=dd('''
            Good morning! Nights are getting cooler, can the tech start up the pool heater for the winter season on the next visit?
            Set it to 84 please.

            Mary Ellen
            ''')),
    dict(slug='hot-tub-end-of-season', when='2026-05-18 13:00', from_=('Stan Kowalski', 'stan.k@gmail.com'),
         subject='Drain and clean hot tub for summer', cat='SEASONAL',
         body=dd('''
            Hi, we'd like the hot tub drained and cleaned and shut down for the summer season since we won't use it until fall.
            Can you schedule that?

            Stan
            ''')),
    dict(slug='storm-season-question', when='2026-06-01 16:30', from_=('Helen Park', 'helen.park@gmail.com'),
         subject='Hurricane season - what should we do?', cat='SEASONAL',
         body=dd('''
            First hurricane season in our new house with a pool. What do you recommend doing to the pool before a storm,
            and do you offer a storm prep service we can sign up for?

            Helen
            ''')),
    dict(slug='vacant-home-opening', fmt='eml', mime='base64', style='plain', when='2026-03-09 07:45',
         from_=('Sharon Mills', 'sharon.mills@gmail.com'),
         subject='Opening the pool at our winter home', cat='SEASONAL',
         body=dd('''
            Hello,

            Our Clearwater house has been empty since last spring and the pool hasn't been serviced. We're arriving March 20.
            Could you do a full pool opening and clean-up before then and start weekly service?

            Sharon Mills
            ''')),

    # ------------------------------------------------------------------ MANAGER
    dict(slug='owner-hurricane-plan', when='2026-08-25 06:45', from_=('Rick Alvarez', 'rick@sunshinepoolsfl.com'),
         subject='Storm plan for this week', cat='MANAGER', sub='Rick Alvarez',
         body=dd('''
            Team, storm is forecast to hit Thursday. We'll do hurricane prep visits Tuesday and Wednesday, priority to the
            pre-paid list. No routes Thursday. Tasha will send assignments tonight.

            Rick
            ''')),
    dict(slug='service-manager-routes', fmt='eml', style='outlook', when='2026-03-30 17:50', from_=('Tasha Monroe', 'tasha@sunshinepoolsfl.com'),
         subject='Route changes next week', cat='MANAGER', sub='Tasha Monroe',
         body=dd('''
            Hi all,

            Carlos is off Monday and Tuesday, I've split his route between Dwayne and Mike. Updated route sheets are in the shared drive.

            Tasha
            ''')),
    dict(slug='sales-manager-hoa', when='2026-01-22 09:15', from_=('Luis Ortega', 'luis@sunshinepoolsfl.com'),
         subject='Meadow Pointe HOA proposal', cat='MANAGER', sub='Luis Ortega',
         body=dd('''
            Rick, I'm putting together the Meadow Pointe proposal. Can we commit to twice-weekly visits in summer at the current
            chemical pricing? Need your OK by Monday.

            Luis
            ''')),
    dict(slug='tech-truck-note', when='2026-07-09 16:55', from_=('Dwayne Carter', 'dwayne@sunshinepoolsfl.com'),
         subject='Truck 2 needs tires', cat='MANAGER', sub='Unassigned',
         body=dd('''
            FYI truck 2's rear tires are getting bald, can we get them replaced before next week? Also we're low on
            3 inch tabs in the warehouse.

            Dwayne
            ''')),
    dict(slug='customer-asks-for-owner', when='2026-09-04 12:20', from_=('Lorraine Baxter', 'lbaxter@gmail.com'),
         subject='I need to speak to a manager', cat='MANAGER', sub='Escalations', sent='negative',
         body=dd('''
            I've been a customer for 6 years and the service lately has been terrible. Missed visits, green water twice this summer.
            I need to speak to a manager or the owner about this before I switch companies.

            Lorraine Baxter
            ''')),

    # ------------------------------------------------------------------ SUPPLIERS
    dict(slug='scp-order-confirmation', fmt='eml', style='plain', when='2026-04-02 07:15',
         from_=('SCP Distributors', 'orders@poolcorp.com'), subject='Order Confirmation - Order #SO-7741823',
         cat='SUPPLIERS', sub='SCP Distributors', ent={'order_number': 'SO-7741823'},
         body=dd('''
            Thank you for your order with SCP Distributors - Tampa branch.

            Order #SO-7741823
            Ship to: Sunshine Pools & Spas
            2 x Pentair IntelliFlo VSF pump
            4 x Hayward cartridge C-4030
            10 x 50 lb 3" chlorine tabs

            Estimated delivery: April 3
            ''')),
    dict(slug='scp-invoice-pdf', fmt='eml', style='mixed-pdf', mime='mixed-pdf', pdf='Invoice_4419872.pdf', when='2026-04-30 18:02',
         from_=('SCP Distributors Billing', 'billing@poolcorp.com'), subject='Invoice 4419872 - Sunshine Pools & Spas',
         cat='SUPPLIERS', sub='SCP Distributors', ent={'invoice_number': '4419872'},
         body=dd('''
            Attached is invoice 4419872 for order SO-7741823.
            Amount due: $3,964.20. Terms: net 30.

            SCP Distributors Billing
            ''')),
    dict(slug='leslies-backorder', when='2026-06-15 10:40', from_=("Leslie's Pro", 'pro@lesliespool.com'),
         subject='Backorder update on your order', cat='SUPPLIERS', sub="Leslie's Pro", ent={'order_number': 'LP-302211'},
         body=dd('''
            Hi Sunshine Pools,

            Cal hypo 73% on order LP-302211 is backordered until June 22 due to high demand. Liquid chlorine is available now.
            Let us know if you'd like to substitute.

            Leslie's Pro Desk
            ''')),
    dict(slug='hayward-newsletter', fmt='eml', style='related', mime='related', when='2026-02-17 09:00',
         from_=('Hayward Pro', 'news@hayward.com'), subject='New for 2026: OmniLogic updates and pro rewards',
         headers={'list_unsubscribe': '<https://hayward.com/unsubscribe?u=77312>', 'precedence': 'bulk'},
         cat='SUPPLIERS', sub='Hayward', pf='bulk',
         body=dd('''
            Hayward Pro News - February 2026

            OmniLogic firmware 5.0 is here, plus double rewards points on variable speed pumps through March.

            Unsubscribe
            ''')),
    dict(slug='pentair-warranty-approved', when='2026-07-30 14:25', from_=('Pentair Warranty', 'warranty@pentair.com'),
         subject='Warranty claim approved - claim 88-44120', cat='SUPPLIERS', sub='Pentair',
         body=dd('''
            Your warranty claim 88-44120 for a MasterTemp 400 heater (serial 1941-22871) has been approved.
            Credit will be applied to your distributor account within 10 business days.

            Pentair Warranty Services
            ''')),
    dict(slug='biolab-price-increase', when='2026-11-03 08:30', from_=('Bio-Lab Pro Sales', 'prosales@biolabinc.com'),
         subject='2027 pricing update', cat='SUPPLIERS', sub='Bio-Lab',
         body=dd('''
            Dear partner, effective January 1, 2027, pricing on BioGuard sanitizers will increase 6%. Pre-season orders
            placed by December 15 lock in 2026 pricing.
            ''')),

    # ------------------------------------------------------------------ BANKING
    dict(slug='zelle-payment', fmt='eml', style='plain', when='2026-05-16 13:22', from_=('Chase', 'no.reply.alerts@chase.com'),
         subject='You received money with Zelle®', subj_enc=('utf-8', 'Q'), cat='BANKING', sub='e-Transfer', pf='no_reply',
         body=dd('''
            STEPHANIE RUIZ sent you $275.00 with Zelle®.
            Memo: green pool cleanup - thank you!!

            The money is in your Chase Business Complete Checking account ending in 8812.
            ''')),
    dict(slug='wells-fargo-low-balance', when='2026-09-01 05:55', from_=('Wells Fargo Online', 'alerts@notify.wellsfargo.com'),
         subject='Low balance alert', cat='BANKING', sub='BankAlert', pf='no_reply',
         body=dd('''
            Your available balance for Business Checking ending in 3390 fell below $2,500.00.
            Available balance: $1,918.33 as of 09/01/2026.
            ''')),
    dict(slug='square-payment-receipt', when='2026-06-19 15:02', from_=('Square', 'receipts@messaging.squareup.com'),
         subject='Payment received - $189.00', cat='BANKING', sub='Receipts',
         body=dd('''
            Sunshine Pools & Spas
            Payment received: $189.00
            Hot tub service - Walter Hughes
            Card ending 4402

            Deposits are made the next business day.
            ''')),
    dict(slug='teco-electric-bill', when='2026-07-06 04:20', from_=('TECO Tampa Electric', 'ebill@tecoenergy.com'),
         subject='Your Tampa Electric bill is ready', cat='BANKING', sub='Invoice',
         body=dd('''
            Your bill for account 2110 4481 9920 is ready.
            Amount due: $318.44
            Due date: July 27, 2026

            Pay now or view your bill online.
            ''')),
    dict(slug='amazon-refund', when='2026-10-19 12:10', from_=('Amazon.com', 'return@amazon.com'),
         subject='Your refund for Pool skimmer net', cat='BANKING', sub='Refund',
         body=dd('''
            Hello Sunshine Pools & Spas,

            We've issued a refund of $42.97 for your return of Pool skimmer net (2-pack). The refund has been processed to your
            original payment method.
            ''')),
    dict(slug='chase-deposit-alert', when='2026-12-01 10:33', from_=('Chase', 'no.reply.alerts@chase.com'),
         subject='Deposit posted to your account', cat='BANKING', sub='BankAlert', pf='no_reply',
         body=dd('''
            A deposit of $6,450.00 posted to your business checking account ending in 8812 on 12/01/2026.
            Log in to chase.com to view account activity.
            ''')),

    # ------------------------------------------------------------------ FORMSUB
    dict(slug='wix-form-green-pool', fmt='eml', style='gmail', when='2026-06-27 20:40', from_=('Wix Forms', 'no-reply@crm.wix.com'),
         reply_to=('Tanya Reed', 'tanya.reed@gmail.com'),
         subject='New form submission on sunshinepoolsfl.com', cat='FORMSUB', urg='high', ent={'contact_name': 'Tanya Reed', 'phone': '813-555-0127'},
         body=dd('''
            You have a new form submission.

            Name: Tanya Reed
            Email: tanya.reed@gmail.com
            Phone: 813-555-0127
            Message: Pool pump stopped working and the pool is turning green. Need someone this weekend please.
            ''')),
    dict(slug='contact-form-7-weekly-service', fmt='eml', style='plain', mime='plain-7bit', when='2026-02-26 11:25',
         from_=('Sunshine Pools Website', 'wordpress@sunshinepoolsfl.com'), reply_to=('Oscar Delgado', 'odelgado@gmail.com'),
         subject='Sunshine Pools & Spas "Request Service"', cat='FORMSUB', ent={'contact_name': 'Oscar Delgado'},
         body=dd('''
            From: Oscar Delgado <odelgado@gmail.com>
            Subject: Weekly service

            Name: Oscar Delgado
            Phone: 727-555-0143
            Address: 1187 Harbor Point Dr, Safety Harbor
            Message: Looking for weekly pool service starting next month. Screened pool about 14k gallons.

            --
            This e-mail was sent from a contact form on Sunshine Pools & Spas (https://sunshinepoolsfl.com)
            ''')),
    dict(slug='jotform-hoa-lead', when='2026-05-07 14:55', from_=('Jotform', 'noreply@jotform.com'),
         reply_to=('Brenda Scott', 'bscott@baysidepm.com'),
         subject='New submission: Commercial Service Inquiry', cat='FORMSUB',
         body=dd('''
            Commercial Service Inquiry

            Name: Brenda Scott
            Company: Bayside Property Management
            Email: bscott@baysidepm.com
            Phone: 813-555-0181
            Message: We manage a condo association with two pools and a spa in Clearwater. Looking for service pricing.
            ''')),
    dict(slug='squarespace-hot-tub', when='2026-12-12 09:30', from_=('Squarespace', 'form-submission@squarespace.info'),
         reply_to=('Kim Phillips', 'kphillips@gmail.com'),
         subject='Form Submission - Hot Tub Service', cat='FORMSUB',
         body=dd('''
            Sent via form submission from Sunshine Pools & Spas

            Name: Kim Phillips
            Email: kphillips@gmail.com
            Phone: (813) 555-0175
            Message: Hot tub water is foamy and smells. Can we book a drain and clean?
            ''')),
    dict(slug='gravity-form-opening', when='2026-03-03 19:20', from_=('Gravity Forms', 'noreply@sunshinepoolsfl.com'),
         subject='New Entry: Contact Us', cat='FORMSUB', reply_to=('Nick Anders', 'nanders@gmail.com'),
         body=dd('''
            New entry from the Contact Us form:

            Name: Nick Anders
            Email: nanders@gmail.com
            Phone: 813-555-0190
            Comments: Do you service pools in Lutz? Looking for a quote on weekly service.
            ''')),

    # ------------------------------------------------------------------ GOOGLE_REVIEW
    dict(slug='review-5-stars', fmt='eml', style='related', mime='related', when='2026-05-19 11:40', from_=GOOGLE,
         subject='Stephanie Ruiz left a review for Sunshine Pools & Spas', cat='GOOGLE_REVIEW', sub='New Review',
         pf='no_reply', sent='positive',
         body=dd('''
            Sunshine Pools & Spas has a new review

            Stephanie Ruiz
            ★★★★★
            "Our pool went from swamp green to crystal clear in two days, just in time for the party. Amazing service, thank you Tasha!"

            Reply to review
            ''')),
    dict(slug='review-1-star', when='2026-09-05 08:50', from_=GOOGLE,
         subject='Gary Whitfield left a review for Sunshine Pools & Spas', cat='GOOGLE_REVIEW', sub='Response Needed',
         pf='no_reply', sent='negative',
         body=dd('''
            Sunshine Pools & Spas has a new review

            Gary Whitfield
            ★☆☆☆☆
            "Paid for a heater repair that didn't fix anything and now they won't return calls. Terrible."

            Reply to review
            ''')),
    dict(slug='review-3-stars', when='2026-08-16 13:15', from_=GOOGLE,
         subject='New review for Sunshine Pools & Spas', cat='GOOGLE_REVIEW', sub='Response Needed', pf='no_reply',
         body=dd('''
            Rebecca Holt left a review

            3 stars
            "Pool always looks good but techs keep leaving the gate open."

            Reply to review
            ''')),
    dict(slug='review-5-stars-weekly', when='2026-02-12 17:05', from_=GOOGLE,
         subject='Howard Stein left a review for Sunshine Pools & Spas', cat='GOOGLE_REVIEW', sub='New Review', pf='no_reply',
         sent='positive',
         body=dd('''
            Sunshine Pools & Spas has a new review

            Howard Stein
            5 stars
            "Reliable weekly service for years, friendly and professional. Highly recommend."

            Reply to review
            ''')),

    # ------------------------------------------------------------------ PHONE
    dict(slug='voicemail-pump', fmt='eml', style='plain', mime='plain-7bit', when='2026-07-12 20:05',
         from_=('RingCentral', 'notify@ringcentral.com'), subject='New Voicemail from (813) 555-0156',
         cat='PHONE', sub='Voicemails', pf='no_reply', ent={'phone': '813-555-0156'},
         body=dd('''
            You have a new voicemail.

            From: (813) 555-0156
            Duration: 0:39
            Transcription: Hi this is Carl, I'd like to get a quote on weekly service for our pool in Brandon, call me back please.
            ''')),
    dict(slug='missed-call', when='2026-04-23 12:02', from_=('RingCentral', 'service@ringcentral.com'),
         subject='You missed a call from (727) 555-0118', cat='PHONE', sub='Missed Calls', ent={'phone': '727-555-0118'},
         body=dd('''
            You missed a call.

            From: (727) 555-0118 CLEARWATER FL
            Time: Thursday, April 23, 2026 12:02 PM
            ''')),
    dict(slug='grasshopper-voicemail', when='2026-10-02 18:45', from_=('Grasshopper', 'voicemail@grasshopper.com'),
         subject='New voicemail from 813-555-0133', cat='PHONE', sub='Voicemails', ent={'phone': '813-555-0133'},
         body=dd('''
            New voicemail on your Grasshopper number.

            Caller: 813-555-0133
            Length: 1:02
            Listen to the message in the Grasshopper app.
            ''')),
    dict(slug='dialpad-missed-call', when='2026-01-09 07:05', from_=('Dialpad', 'notifications@dialpad.com'),
         subject='Missed call from +1 (813) 555-0108', cat='PHONE', sub='Missed Calls', pf='no_reply', ent={'phone': '813-555-0108'},
         body=dd('''
            You have a missed call from +1 (813) 555-0108 on your main line.
            ''')),

    # ------------------------------------------------------------------ RECRUITMENT
    dict(slug='indeed-pool-tech', fmt='eml', style='related', mime='related', when='2026-03-16 09:20',
         from_=('Indeed', 'indeedapply@indeed.com'), subject='New application: Pool Service Technician - Andre Williams',
         cat='RECRUITMENT',
         body=dd('''
            Andre Williams applied to your job: Pool Service Technician (Tampa, FL).

            3 years of experience in residential pool service, CPO certified, clean driving record.
            View resume on Indeed.
            ''')),
    dict(slug='cpo-resume', when='2026-02-24 20:30', from_=('Marcus Bell', 'marcusbell.cpo@gmail.com'),
         subject='Pool technician position', cat='RECRUITMENT',
         attachments=[{'filename': 'Marcus_Bell_Resume.docx', 'content_type': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
                       'size': 40211, 'disposition': 'attachment'}],
         body=dd('''
            Hello,

            I saw you are hiring pool technicians. I'm CPO certified with 5 years of experience including equipment repair.
            My resume is attached. I'd love to join your team.

            Marcus Bell
            ''')),
    dict(slug='ziprecruiter-candidate', when='2026-03-18 11:00', from_=('ZipRecruiter', 'candidates@ziprecruiter.com'),
         subject='3 new candidates for Pool Service Technician', cat='RECRUITMENT',
         body=dd('''
            Your job posting Pool Service Technician has 3 new candidates. Review their resumes and invite them to apply.
            ''')),

    # ------------------------------------------------------------------ PROMO
    dict(slug='pool-show-promo', fmt='eml', style='related', mime='related', when='2026-09-08 10:00',
         from_=('Pool & Spa Show', 'info@poolspashow.com'), subject='Last chance: 40% off Pool & Spa Show passes',
         headers={'list_unsubscribe': '<https://poolspashow.com/unsub>', 'list_id': '<news.poolspashow.com>'}, cat='PROMO', pf='bulk',
         body=dd('''
            Last chance! Save 40% on full conference passes when you register now. Offer ends Friday.

            Unsubscribe | View in browser
            ''')),
    dict(slug='seo-agency', when='2026-04-28 03:30', from_=('Jenna from LocalRank', 'jenna@localrankpros.com'),
         subject='More pool service leads this summer?', cat='PROMO',
         body=dd('''
            Hi, pool season is the busiest time for lead generation. We help pool companies rank higher on Google Maps
            and get more leads. Can I send you a free audit? Book a demo here.
            ''')),
    dict(slug='truck-wrap-offer', when='2026-07-15 09:45', from_=('WrapMasters', 'deals@wrapmasters.com'),
         subject='Special offer: fleet vehicle wraps 20% off', cat='PROMO', pf='none',
         body=dd('''
            Turn your service trucks into moving billboards! Special offer this month only: 20% off fleet wraps, free design.
            Limited time.
            ''')),
    dict(slug='industry-newsletter', when='2026-11-19 06:00', from_=('Pool & Spa News', 'newsletter@poolspanews.com'),
         subject='This week: heater trends, pricing survey, and more', cat='PROMO', pf='bulk',
         headers={'list_unsubscribe': '<mailto:leave@poolspanews.com>', 'precedence': 'list'},
         body=dd('''
            Pool & Spa News weekly newsletter. Top stories: heater trends for 2027, our annual pricing survey, and new product launches.
            Update your preferences or unsubscribe.
            ''')),

    # ------------------------------------------------------------------ SOCIALMEDIA
    dict(slug='instagram-follower', when='2026-05-22 21:15', from_=('Instagram', 'no-reply@mail.instagram.com'),
         subject='tampabaybackyards started following you', cat='SOCIALMEDIA', pf='no_reply',
         body=dd('''
            tampabaybackyards started following you. See their profile and follow back.
            ''')),
    dict(slug='facebook-page-message', fmt='eml', style='gmail', when='2026-07-25 14:30', from_=('Facebook', 'notification@facebookmail.com'),
         subject='New message on your Page: Sunshine Pools & Spas', cat='SOCIALMEDIA', pf='no_reply',
         body=dd('''
            Your page has a new message from Denise Carter: "Do you do pool service in Riverview?"
            Reply on Facebook. People reached this week: 1,204.
            ''')),
    dict(slug='youtube-comment', when='2026-10-05 17:00', from_=('YouTube', 'noreply@youtube.com'),
         subject='New comment on "How to clean a cartridge filter"', cat='SOCIALMEDIA', pf='no_reply',
         body=dd('''
            poolguy_77 commented on your video: "Great tip about soaking the filter!"
            ''')),

    # ------------------------------------------------------------------ MISC
    dict(slug='reponse-automatique', fmt='eml', style='outlook', when='2026-04-21 10:12',
         from_=('Gérald Thompson', 'gthompson@sympatico.ca'), name_enc=('utf-8', 'Q'),
         subject='Réponse automatique : Heading north for the summer', subj_enc=('utf-8', 'Q'),
         headers={'auto_submitted': 'auto-replied', 'x_auto_response_suppress': 'All'}, cat='MISC', pf='out_of_office',
         body=dd('''
            Je suis absent du bureau jusqu'au 2 mai. / I am out of the office until May 2.
            ''')),
    dict(slug='undeliverable', fmt='eml', style='outlook', when='2026-06-02 13:41',
         from_=('Microsoft Outlook', 'postmaster@outlook.com'), subject='Undeliverable: Weekly pool service pricing',
         headers={'auto_submitted': 'auto-replied'}, cat='MISC', pf='bounce',
         body=dd('''
            Your message to tomnguyen@gmial.com couldn't be delivered.
            tomnguyen wasn't found at gmial.com.
            ''')),
    dict(slug='auto-reply-ticket', when='2026-01-22 09:16', from_=('Meadow Pointe HOA', 'board@meadowpointehoa.org'),
         subject='Re: Request for proposal - community pool service', headers={'auto_submitted': 'auto-replied'},
         cat='MISC', pf='auto_reply',
         body=dd('''
            Thank you for your email. This mailbox is checked weekly by board volunteers. We will respond as soon as possible.
            ''')),
    dict(slug='fuera-de-la-oficina', when='2026-09-23 08:00', from_=('José Martínez', 'jose.martinez@bellsouth.net'),
         subject='Fuera de la oficina: Resurfacing quote', headers={'x_autoreply': 'yes'}, cat='MISC', pf='out_of_office',
         body=dd('''
            Estaré fuera de la oficina hasta el lunes. Gracias.
            ''')),
    dict(slug='vague-question', when='2026-08-07 22:10', from_=('Dan Kim', 'dankim@gmail.com'),
         subject='question', cat='SUPPORT', low_conf=True,
         body=dd('''
            hey do you guys do that thing with the pool stuff like last time? let me know
            ''')),
]

for m in MESSAGES:
    m['from'] = m.pop('from_')
