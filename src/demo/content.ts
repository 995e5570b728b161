// Demo partner content written for Parley: a fictional publisher, "The Harbour Ledger",
// covering the fictional coastal city of Saltmere. Every person, place, organisation,
// quote and URL below is invented; the site ingests this feed on first start.

export interface DemoPublisher {
  slug: string;
  name: string;
  siteUrl: string;
  feedUrl: string;
  indexing: 'canonical' | 'noindex';
}

export interface DemoAuthor {
  slug: string;
  name: string;
  bio: string;
}

export interface DemoStory {
  guid: string;
  slug: string;
  title: string;
  summary: string;
  bodyHtml: string;
  authorSlug: string;
  publishedAt: string;
  originalUrl: string;
  categories: string[];
  video?: { url: string; credit: string };
}

export interface DemoComment {
  key: string;
  storySlug: string;
  userKey: string;
  parentKey?: string;
  body: string;
  minutesAfterStory: number;
}

export interface DemoUser {
  key: string;
  displayName: string;
}

export const demoPublisher: DemoPublisher = {
  slug: 'harbour-ledger',
  name: 'The Harbour Ledger',
  siteUrl: 'https://harbourledger.example',
  feedUrl: 'https://harbourledger.example/feed.xml',
  indexing: 'canonical',
};

export const demoAuthors: DemoAuthor[] = [
  {
    slug: 'maren-holt',
    name: 'Maren Holt',
    bio: `Maren Holt covers Saltmere City Council, elections and education. She joined The Harbour Ledger in 2018 after five years at a regional news agency.`,
  },
  {
    slug: 'tobias-okafor',
    name: 'Tobias Okafor',
    bio: `Tobias Okafor reports on public safety, the courts and the working harbour. Before becoming a journalist he spent two seasons as a deckhand on a North Reach trawler.`,
  },
  {
    slug: 'ines-calder',
    name: 'Ines Calder',
    bio: `Ines Calder writes about communities, faith, small business and the environment along the Saltmere coast. She grew up in the old town and lives within sight of the new flood wall.`,
  },
];

export const demoStories: DemoStory[] = [
  {
    guid: 'harbour-ledger-2026-001',
    slug: 'council-approves-linden-street-reception-centre',
    title: `Council approves reception centre for asylum seekers at former Linden Street depot`,
    summary: `Saltmere City Council voted 27 to 24 to convert the disused Linden Street bus depot into a reception centre for up to 180 asylum seekers. Opponents objected to the location; supporters said it would replace costly hotel placements.`,
    bodyHtml: `<p>Saltmere City Council voted 27 to 24 on Tuesday night to approve plans to turn the former Linden Street bus depot into a reception centre for people seeking asylum, ending a debate that ran for more than four hours in front of one of the fullest public galleries the chamber has seen in years.</p>
<p>The centre will house up to 180 people while their claims are processed, according to the planning papers. The national Home Affairs ministry will pay for the conversion and running costs under a ten-year lease, with the council keeping ownership of the site. Officials expect the first residents to arrive in late 2027, once the building has been refitted.</p>
<p>Councillor Ada Brennock, who chairs the housing committee and moved the proposal, told the chamber that the city currently places around 140 asylum seekers in three seafront hotels, an arrangement she said "nobody thinks is sensible, least of all the families living in single rooms with no kitchen." She said the depot plan would return the hotels to the tourist trade and give residents on-site language classes, a small health clinic and access to caseworkers.</p>
<h2>Concerns over location and services</h2>
<p>Opponents focused mainly on the location. The depot sits about 300 metres from Linden Street Primary School and on the edge of the Harrow Fields estate, where residents have complained for years about a shortage of GP appointments. Councillor Graham Teague, who led the opposition, said he did not object to the city "doing its share" but argued that the site had been chosen "because it was empty, not because it was right."</p>
<blockquote>"My residents already wait three weeks to see a doctor. Nobody has shown me how a clinic for one building helps the rest of the estate," Cllr Teague said.</blockquote>
<p>Council officers said the on-site clinic would be staffed separately and would not draw on the existing practice list. A police representative told the planning committee last month that comparable centres in other cities had not been linked to any rise in crime in surrounding streets, though she added that regular contact with neighbours had been "essential" where centres had opened smoothly.</p>
<p>Before the vote, the gallery heard from a dozen speakers. Priya Sandhu, whose two children attend Linden Street Primary, asked for a published timetable of community meetings and a named liaison officer. Samuel Ekwueme, a volunteer with the Saltmere Welcome Network who arrived in the city as a refugee in 2011, said the hotel system left people "waiting in a corridor for two years" and urged councillors to back the plan.</p>
<h2>What happens next</h2>
<p>The approval comes with conditions: a neighbourhood liaison group meeting every quarter, a 24-hour contact number for residents and an annual report to the council's scrutiny committee. Cllr Brennock accepted an opposition amendment requiring the first report within six months of opening, which passed without objection.</p>
<p>A petition opposing the centre, which gathered about 3,900 signatures, was formally received at the start of the meeting. Its organisers said afterwards that they were considering a legal challenge to the planning decision. The committee papers and the recorded vote are published on the <a href="https://saltmere.example/council/meetings/2026-11-03">council's website</a>.</p>`,
    authorSlug: 'maren-holt',
    publishedAt: '2026-11-03T22:15:00.000Z',
    originalUrl: 'https://harbourledger.example/news/council-approves-linden-street-reception-centre',
    categories: ['City Hall', 'Immigration', 'Housing'],
  },
  {
    guid: 'harbour-ledger-2026-002',
    slug: 'ropewalk-lane-mosque-open-day-interfaith-food-bank',
    title: `Ropewalk Lane mosque opens its doors and launches interfaith food bank`,
    summary: `More than 600 people toured Masjid an-Nur on Ropewalk Lane on Saturday, as the mosque, St Brendan's Church and the Saltmere Hebrew Congregation opened a shared food bank in its basement hall.`,
    bodyHtml: `<p>More than 600 people visited Masjid an-Nur on Ropewalk Lane on Saturday for the mosque's first open day since its extension was finished in the spring, according to organisers, who had prepared for about half that number.</p>
<p>Visitors were shown around the prayer hall by volunteers, watched the midday prayer from a gallery upstairs and were offered mint tea and date pastries in the courtyard. A question table, staffed by the mosque's imam and two members of its women's committee, had a queue for most of the afternoon.</p>
<p>"People asked everything: why we take our shoes off, why men and women pray in separate rows, what we think about Christmas," said Imam Yusuf Haddad, who has led the congregation for nine years. "Those are good questions. It is much better that someone asks me than that they guess."</p>
<h2>A shared food bank</h2>
<p>The open day also marked the launch of the Ropewalk Community Pantry, a food bank run jointly by the mosque, St Brendan's Catholic Church and the Saltmere Hebrew Congregation. It will operate from the mosque's basement hall on Tuesday and Friday afternoons and is open to anyone, without a referral.</p>
<p>The three congregations began collecting food together during the storm closures two winters ago, when the Quayside food bank ran out of stock. Father Declan Moyes of St Brendan's said the informal arrangement had "simply got too big for the boots of three cars."</p>
<blockquote>"We disagree about plenty of theology, and we can do that over a cup of tea. Nobody disagrees that a family should be able to eat on a Thursday," Father Moyes said.</blockquote>
<p>Rachel Lowenthal, who chairs the Hebrew Congregation's welfare committee, said the pantry would stock halal and kosher tinned goods alongside general groceries and would label shelves clearly so that people could choose for themselves. Volunteers from all three congregations, and from no faith at all, will work on rotating shifts.</p>
<p>The Saltmere Food Network estimates that demand for emergency food parcels in the city has risen by around a fifth in the past year. Its coordinator, Helen Marr, welcomed the new site, saying the east of the city had been "badly underserved" since a church hall on Chandler Street closed in 2025.</p>
<p>Not every visitor arrived without reservations. One retired dock worker, who asked not to be named, said he had come "to see for myself" after reading critical posts online, and left having had "a better conversation than I expected." The mosque plans to hold open days twice a year. Volunteering and donation times are listed on the <a href="https://ropewalkpantry.example/volunteer">pantry's website</a>.</p>`,
    authorSlug: 'ines-calder',
    publishedAt: '2026-11-07T17:40:00.000Z',
    originalUrl: 'https://harbourledger.example/news/ropewalk-lane-mosque-open-day-interfaith-food-bank',
    categories: ['Community', 'Faith'],
  },
  {
    guid: 'harbour-ledger-2026-003',
    slug: 'two-killed-in-attack-at-saltmere-central-station',
    title: `Two killed and three injured in knife attack at Saltmere Central station`,
    summary: `Two people died and three were injured in a knife attack at Saltmere Central station on Monday evening. A 34-year-old man has been arrested and police say they are not looking for anyone else.`,
    bodyHtml: `<p>Two people were killed and three others injured in a knife attack at Saltmere Central station on Monday evening, Coast Police said. A 34-year-old man was arrested at the scene and remains in custody.</p>
<p>Officers were called to the main concourse at 6.42pm, during the evening rush, after reports of a man attacking passengers near the ticket barriers for platforms 3 and 4. Police said station staff and two off-duty firefighters detained the man before armed officers arrived about four minutes later.</p>
<p>The two people who died were a 61-year-old woman and a 27-year-old man, both from the Saltmere area. Their families have been informed and have asked for privacy. Of the three people injured, one remains in a serious but stable condition at Saltmere General Hospital; the other two were treated and discharged overnight.</p>
<h2>Police statement</h2>
<p>Speaking outside the station shortly before midnight, Chief Superintendent Karen Okoye said:</p>
<blockquote>"This is a devastating evening for our city, and my thoughts are with everyone who has lost someone they love. We have a man in custody and we are not seeking anyone else in connection with this incident. It is too early to say anything about a motive, and I would ask people not to speculate, including online, while we establish the facts."</blockquote>
<p>Police confirmed that the arrested man lives in the city but declined to give any further details about him, saying that doing so could prejudice future court proceedings. Counter-terrorism officers have been informed, which the force described as standard practice after an attack in a public place, but the investigation is being led by its major crimes unit. The force said it was aware of false claims about the suspect's identity circulating on social media and urged people to rely on official updates.</p>
<p>Mariam Costa, who was waiting for a train to Westbay, said she heard shouting and saw people moving quickly towards the exits. "Staff were directing everyone out through the side entrance very calmly. I didn't see what happened. I just saw people helping each other," she said.</p>
<p>The station was closed overnight and trains were diverted to Harbour Road. It reopened at 10am on Tuesday, with platforms 3 and 4 still cordoned off. Police have appealed for anyone with phone footage of the concourse between 6.30pm and 7pm to upload it through the <a href="https://coastpolice.example/appeals/saltmere-central">force's appeal page</a> rather than sharing it online.</p>
<p>Leaders of several faith communities, including Masjid an-Nur and St Brendan's Church, issued a joint statement calling for the city to "stand together with the bereaved and with each other." A vigil will be held in Market Square at 6pm on Wednesday.</p>`,
    authorSlug: 'tobias-okafor',
    publishedAt: '2026-11-10T07:30:00.000Z',
    originalUrl: 'https://harbourledger.example/news/two-killed-in-attack-at-saltmere-central-station',
    categories: ['Crime', 'Transport'],
  },
  {
    guid: 'harbour-ledger-2026-004',
    slug: 'odile-vance-elected-mayor-after-overnight-recount',
    title: `Odile Vance elected mayor by 187 votes after overnight recount`,
    summary: `Civic Alliance candidate Odile Vance has been elected Mayor of Saltmere by 187 votes following a full recount, the narrowest margin in the city's history. Her opponent, Martin Shorecross, has accepted the result.`,
    bodyHtml: `<p>Odile Vance has been elected Mayor of Saltmere by 187 votes after an overnight recount, the narrowest margin since the city began electing its mayor directly in 2002.</p>
<p>The returning officer, Neil Ashdown, declared the result at 7.52am on Friday at the Saltmere Exhibition Hall, where counting had begun at 10pm on Thursday. Ms Vance, standing for the Civic Alliance, received 33,904 votes. Martin Shorecross of the Saltmere Independents received 33,717, and Hana Ferreira of the Tidewater Party received 1,588.</p>
<p>The first count, completed shortly after 2am, had put Ms Vance 212 votes ahead. Mr Shorecross's election agent asked for a full recount, which the returning officer granted, citing the closeness of the result. During the recount, 23 ballot papers that had initially been rejected were accepted after closer examination, and two bundles of 50 from the Westbay ward were found to have been placed in the wrong candidate's tray and were corrected.</p>
<h2>A long night at the hall</h2>
<p>Counting agents from both main campaigns watched every table through the night, and observers said the atmosphere stayed calm, if tired. By 5am the gallery had thinned to a few dozen supporters, several of them asleep on the seating.</p>
<p>In her acceptance speech, Ms Vance said the result showed a city "almost perfectly divided" and promised to govern with that in mind. She named housing, the quayside flood defences and bus reliability as her first priorities.</p>
<blockquote>"Nearly half of the people who voted this week did not vote for me. I will be their mayor too, and I will be judged on whether they feel that by the end of my term," Ms Vance said.</blockquote>
<p>Mr Shorecross congratulated Ms Vance and said he accepted the result and would not seek a legal challenge. He asked the returning officer to publish a full breakdown of rejected ballots by ward, which Mr Ashdown agreed to do on Monday. "Close results are when transparency matters most," Mr Shorecross said.</p>
<p>Turnout was 41.2 per cent, up from 36.8 per cent four years ago. The campaign was dominated by the cost of housing, the Linden Street reception centre and the flood defence scheme. Mr Shorecross had pledged to review the reception centre decision; Ms Vance has said she supports it, subject to the conditions agreed by the council.</p>
<p>Ms Vance takes office on 1 December. Ward-by-ward results are available on the <a href="https://saltmere.example/elections/2026/mayor">city elections page</a>.</p>`,
    authorSlug: 'maren-holt',
    publishedAt: '2026-11-13T09:20:00.000Z',
    originalUrl: 'https://harbourledger.example/news/odile-vance-elected-mayor-after-overnight-recount',
    categories: ['City Hall', 'Elections'],
  },
  {
    guid: 'harbour-ledger-2026-005',
    slug: 'inshore-crews-protest-north-reach-cod-quota-cut',
    title: `Inshore crews protest at harbour mouth over 18 per cent cod quota cut`,
    summary: `More than twenty small fishing boats held a two-hour protest at the mouth of Saltmere harbour over a cut to next year's North Reach cod quota. Skippers say the dispute is about who bears the cut, not the science behind it.`,
    bodyHtml: `<p>More than twenty fishing boats gathered at the mouth of Saltmere harbour on Monday morning in a two-hour protest against an 18 per cent cut to next year's cod quota for the North Reach fishery.</p>
<p>The Regional Fisheries Board announced the cut last week, following advice from the Coastal Marine Institute that the spawning stock of cod in the area had fallen for the third year in a row. Quotas for haddock and whiting were left unchanged.</p>
<p>The boats, most of them under 12 metres long, sounded their horns and flew banners but did not block the channel. The harbourmaster said commercial traffic had not been affected. Police attended and reported no arrests.</p>
<h2>Who gets the fish</h2>
<p>Skippers say their dispute is less with the science than with how the quota is shared. About 70 per cent of the North Reach cod quota is held by three companies operating larger offshore vessels, the biggest of which is Northgate Seafoods. The inshore fleet of around 40 smaller boats shares the rest through a pooled allocation managed by the Board.</p>
<blockquote>"We're not saying the sea is full of cod. We're saying that when there's less, the small boats shouldn't be the first ones to go under," said Eamon Rusk, who skippers the <em>Morning Lark</em> and chairs the Saltmere Inshore Fishermen's Association.</blockquote>
<p>Mr Rusk said that under the new figures several inshore crews would land their entire cod allocation by early summer, leaving them dependent on lower-value species for the rest of the year.</p>
<p>Kirsty Vell, operations director at Northgate Seafoods, said the company held its quota lawfully, had invested in more selective nets that reduce catches of young fish, and supported decisions "based on the science, even when they hurt." She said Northgate was "open to a conversation" about how cuts are shared, but did not say whether it would give up any quota.</p>
<p>Dr Lena Sorvik, a fisheries scientist at the Coastal Marine Institute, said the decline was being driven by a combination of fishing pressure and warmer water in the spawning grounds. "If the spawning stock falls below the safe limit, recovery can take a decade or more," she said. "A painful cut now is far less painful than a closure later."</p>
<p>The Board said it would open a consultation on quota allocation early next year and that a hardship fund of £1.2 million would be available to inshore crews. The Inshore Fishermen's Association called the fund "a start, not an answer." The Board's decision notice and the Institute's stock assessment are published on the <a href="https://northreachfisheries.example/decisions/cod-2027">Board's website</a>.</p>`,
    authorSlug: 'tobias-okafor',
    publishedAt: '2026-11-17T14:10:00.000Z',
    originalUrl: 'https://harbourledger.example/news/inshore-crews-protest-north-reach-cod-quota-cut',
    categories: ['Business', 'Fishing', 'Environment'],
  },
  {
    guid: 'harbour-ledger-2026-006',
    slug: 'quayside-flood-barrier-passes-first-tide-gate-test',
    title: `Quayside flood barrier passes first tide-gate test`,
    summary: `The first of four steel tide gates on Saltmere's new quayside flood defence was closed and reopened in a test on Wednesday. The £48 million scheme is due to be finished by the end of 2027.`,
    bodyHtml: `<p>The first of four steel tide gates on Saltmere's new quayside flood barrier was closed and reopened successfully on Wednesday, in a test watched by engineers, council officials and several dozen onlookers lining the harbour wall.</p>
<p>The gate, which is 22 metres wide and weighs about 140 tonnes, swung shut across the mouth of the Fleet Basin in just under eleven minutes, sealing the inner harbour from the sea. In normal use it will stay open, closing only when a high tide is expected to coincide with a storm surge. Our video shows the full closing sequence from the harbourmaster's tower.</p>
<p>The £48 million Quayside Defence Scheme, funded mainly by a national grant with a council contribution of £9 million, includes 1.6 kilometres of raised flood wall along the quay, the four gates and a new pumping station at the Fleet culvert. It is designed to protect about 2,300 homes and 400 businesses against a flood with a one-in-200 chance of happening in any given year, allowing for projected sea-level rise up to 2080.</p>
<h2>Memories of 2024</h2>
<p>The scheme was brought forward after the January 2024 storm, when seawater overtopped the quay at high tide and flooded the Harbour Road underpass, the fish market and dozens of basements in the old town.</p>
<blockquote>"We had water up to the second step of the bar in twenty minutes. I've got a flood board, a pump and a cellar full of sandbags, and I'd be very happy never to use any of them again," said Colm Farrier, landlord of the Anchor on Fleet Street.</blockquote>
<p>Tomasz Wren, project director at the contractor Brightwater Civil, said the gate had performed "exactly as designed" and that the remaining three would be tested in stages through the spring. "Today was about the mechanism. The real test is a January night with a north-easterly behind the tide, and we want to be ready for that," he said.</p>
<p>The work has not been without disruption. The harbour walk between the Fleet Basin and the lifeboat station will stay closed until mid-2027, adding around twenty minutes for people who walk or cycle that way. The council said a temporary boardwalk would open in January. Several traders on Fleet Street have reported lower footfall, and the council is offering business rates relief to those most affected.</p>
<p>The new wall also includes textured concrete panels below the high-water line, designed to give seaweed, barnacles and mussels something to grow on. Marine ecologists from the Coastal Marine Institute will survey the panels twice a year. Progress updates are posted on the <a href="https://saltmere.example/quayside-defence">scheme's project page</a>.</p>`,
    authorSlug: 'ines-calder',
    publishedAt: '2026-11-19T11:00:00.000Z',
    originalUrl: 'https://harbourledger.example/news/quayside-flood-barrier-passes-first-tide-gate-test',
    categories: ['Environment', 'Infrastructure'],
    video: {
      url: 'https://www.youtube.com/watch?v=Qm7tR2vLx9K',
      credit: 'Harbour Ledger / Ines Calder',
    },
  },
  {
    guid: 'harbour-ledger-2026-007',
    slug: 'eleven-saltmere-schools-face-cuts-under-new-funding-formula',
    title: `Eleven Saltmere schools face budget cuts under new funding formula`,
    summary: `A new local formula for dividing Saltmere's schools budget will give more money to 29 schools and less to 11. Harrow Fields Academy faces the largest cut after a separate language-support supplement was folded into a general deprivation measure.`,
    bodyHtml: `<p>Eleven of Saltmere's 46 state schools will see their budgets fall next year under a new local funding formula approved by the council's cabinet on Friday, while 29 will receive more money and six will see little change.</p>
<p>The formula changes how the city divides its £212 million annual schools grant. The council says the previous formula, largely unchanged since 2011, had produced differences in per-pupil funding between similar schools that "could no longer be explained or defended."</p>
<p>Councillor Joanna Pell, cabinet member for children and education, said the new system was simpler and fairer overall. "Two primary schools a mile apart, with similar pupils, were getting funding that differed by more than £600 per child. That isn't something I can justify to parents," she said.</p>
<p>The largest reduction falls on Harrow Fields Academy, which will lose around £410,000, about 6 per cent of its budget. Most of that comes from merging a separate supplement for pupils learning English as an additional language into a broader deprivation measure, which gives less weight to recent arrivals.</p>
<blockquote>"We have 27 languages spoken in this building, and one in four of our pupils joined us in the last three years. Early language support is the thing that lets every other lesson work. It is the last thing I would want to cut," said Marcus Adeyemi, the academy's headteacher.</blockquote>
<h2>Union and parent reaction</h2>
<p>Deborah Kline, secretary of the Saltmere branch of the teachers' union, said the schools losing money were disproportionately those with the highest needs and warned of larger classes and fewer teaching assistants. "Fairer on paper is not the same as fairer in the classroom," she said.</p>
<p>Parents at some of the gaining schools welcomed the change. Owen Tressler, who chairs the parents' association at St Aidan's Primary in Westbay, said the school had "run on goodwill and cake sales for a decade" and that the extra £140,000 would pay for a second reading specialist.</p>
<p>To soften the change, no school will lose more than 4 per cent of its budget in the first year, but that cap ends after twelve months. Cllr Pell said she would look again at how language support is weighted before the formula takes full effect.</p>
<p>A public consultation runs until 18 December, and the full council will vote on the final formula in January. The proposals and a school-by-school table are on the <a href="https://saltmere.example/education/funding-formula-2027">council's education pages</a>.</p>`,
    authorSlug: 'maren-holt',
    publishedAt: '2026-11-23T07:45:00.000Z',
    originalUrl: 'https://harbourledger.example/news/eleven-saltmere-schools-face-cuts-under-new-funding-formula',
    categories: ['Education', 'City Hall'],
  },
  {
    guid: 'harbour-ledger-2026-008',
    slug: 'from-khujand-to-chandler-street-sitora-nazarova-bakery',
    title: `From Khujand to Chandler Street: the baker who brought a tandoor to Saltmere`,
    summary: `Sitora Nazarova came to Saltmere from Tajikistan in 2013 and started selling bread from a folding table at the Saturday market. Today her Chandler Street bakery has a queue out the door.`,
    bodyHtml: `<p>At five o'clock most mornings, the only lit window on Chandler Street belongs to Sitora's Oven, where Sitora Nazarova is pressing rounds of dough against the inside wall of a clay tandoor.</p>
<p>"People think the oven is the hard part," she says, lifting out a finished loaf with a long hooked rod. "The oven is easy. Getting the dough right every single day for ten years, that is the hard part."</p>
<p>Born in Khujand, in northern Tajikistan, Ms Nazarova, 43, learned to bake from her grandmother, who made bread for the whole family in a courtyard oven. She moved to Saltmere in 2013 with her husband, an engineer who had been offered a job at the container port, and their two young children. For the first few years she worked as a cleaner and then in a supermarket bakery, studying English at evening classes at Saltmere College.</p>
<h2>From market table to shop front</h2>
<p>She began selling bread at the Saturday market in 2017: 40 loaves on the first day, she recalls, of which she sold eleven. "I gave the rest to the neighbours. Half of them came back the next week to buy." Within two years she had a waiting list. In 2020 she took over the former ironmonger's shop on Chandler Street and had a local builder construct the tandoor from a design her father sketched for her over a video call.</p>
<p>The shop sells <em>non</em>, round flatbreads with a thick, soft rim and a thin centre pricked with a pattern, alongside <em>sambusa</em>, baked triangular pastries filled with lamb and onion or with pumpkin, and a layered honey cake that customers now order for birthdays.</p>
<blockquote>"At home you never put bread upside down, and you never throw it away. I tell my staff this on their first day. They think I'm joking. I'm not," Ms Nazarova said.</blockquote>
<p>She now employs six people, among them two who came to Saltmere as refugees, a retired ship's cook and two sixth-formers who work Saturday shifts. Her son, now 19 and studying accountancy, keeps the books.</p>
<p>Gordon Pike, who runs the launderette next door, said the street had been "half empty" five years ago. "Now there's a queue outside her place every Saturday, and some of it ends up in mine with a bag of washing. I'm not complaining."</p>
<p>Ms Nazarova says she has been approached about opening a second shop but has no plans to. "One oven, one street. I want to know my customers' names." Opening hours and the weekly menu are on the <a href="https://sitorasoven.example">bakery's website</a>.</p>`,
    authorSlug: 'ines-calder',
    publishedAt: '2026-11-25T09:00:00.000Z',
    originalUrl: 'https://harbourledger.example/news/from-khujand-to-chandler-street-sitora-nazarova-bakery',
    categories: ['Business', 'Community', 'Food'],
  },
];

export const demoUsers: DemoUser[] = [
  { key: 'tidewatcher', displayName: 'TideWatcher' },
  { key: 'harrowfields-parent', displayName: 'HarrowFieldsParent' },
  { key: 'jonas-k', displayName: 'Jonas K' },
  { key: 'quayside-reader', displayName: 'QuaysideReader' },
  { key: 'amira-s', displayName: 'Amira S' },
];

export const demoComments: DemoComment[] = [
  // Reception centre: the deepest thread (four levels).
  {
    key: 'c01',
    storySlug: 'council-approves-linden-street-reception-centre',
    userKey: 'harrowfields-parent',
    body: `I live two streets from the depot and my son goes to Linden Street Primary. I'm not against people seeking asylum being housed here, but I'd like the liaison group to actually meet *before* it opens, not after. That's all most of us on the estate have been asking for.`,
    minutesAfterStory: 35,
  },
  {
    key: 'c02',
    storySlug: 'council-approves-linden-street-reception-centre',
    userKey: 'amira-s',
    parentKey: 'c01',
    body: `That seems completely reasonable, and the amendment only covers the first *report*. Nothing stops the liaison group starting now. Might be worth asking Cllr Brennock directly, the housing committee lists its contacts here: [council contacts](https://saltmere.example/council/contacts).`,
    minutesAfterStory: 52,
  },
  {
    key: 'c03',
    storySlug: 'council-approves-linden-street-reception-centre',
    userKey: 'tidewatcher',
    parentKey: 'c02',
    body: `Asking is fine, but the vote was 27 to 24. Nearly half the council wasn't convinced, and I don't think it's unreasonable for people on the estate to feel this was decided over their heads. The GP waiting times are real.`,
    minutesAfterStory: 80,
  },
  {
    key: 'c04',
    storySlug: 'council-approves-linden-street-reception-centre',
    userKey: 'jonas-k',
    parentKey: 'c03',
    body: `GP waits are real all over Saltmere, including on my side of town where there's no centre at all. The article says the clinic will be staffed separately. If that turns out not to be true, hold the council to it. But blaming newcomers for a shortage that was here long before them doesn't seem fair to me.`,
    minutesAfterStory: 104,
  },
  {
    key: 'c05',
    storySlug: 'council-approves-linden-street-reception-centre',
    userKey: 'quayside-reader',
    body: `For what it's worth, the hotel arrangement was bad for everyone: families living in single rooms, and the seafront losing hotel beds in the summer. I'd rather have a proper site with caseworkers. I still think the consultation was rushed, though.`,
    minutesAfterStory: 140,
  },
  {
    key: 'c06',
    storySlug: 'council-approves-linden-street-reception-centre',
    userKey: 'tidewatcher',
    parentKey: 'c05',
    body: `Agree about the hotels. Where I differ is the location, not the principle. There were at least two other sites in the original options paper and I never saw a clear explanation of why they were dropped.`,
    minutesAfterStory: 171,
  },

  // Mosque open day and food bank.
  {
    key: 'c07',
    storySlug: 'ropewalk-lane-mosque-open-day-interfaith-food-bank',
    userKey: 'quayside-reader',
    body: `Went along with my dad. He's lived in Saltmere for 70 years and had never been inside a mosque. He asked the imam about the call to prayer and got a long, patient answer. Came home and said it was "a lovely building, shame about the parking". High praise from him.`,
    minutesAfterStory: 60,
  },
  {
    key: 'c08',
    storySlug: 'ropewalk-lane-mosque-open-day-interfaith-food-bank',
    userKey: 'amira-s',
    parentKey: 'c07',
    body: `Ha, the parking is a fair criticism! I volunteer at the mosque and we were honestly overwhelmed by how many people came, so thank you both. The pantry is looking for drivers on Friday afternoons, if your dad fancies it.`,
    minutesAfterStory: 95,
  },
  {
    key: 'c09',
    storySlug: 'ropewalk-lane-mosque-open-day-interfaith-food-bank',
    userKey: 'jonas-k',
    body: `I'm not religious and I'm usually a bit wary of faith groups running public services. But if it's open to everyone without a referral and the food is clearly labelled, I can't see a problem. I'll drop off some tins on Friday.`,
    minutesAfterStory: 210,
  },

  // Station attack.
  {
    key: 'c10',
    storySlug: 'two-killed-in-attack-at-saltmere-central-station',
    userKey: 'tidewatcher',
    body: `Heartbreaking. Thinking of the families, and of the staff who had to deal with it. I walk through that concourse every day.`,
    minutesAfterStory: 90,
  },
  {
    key: 'c11',
    storySlug: 'two-killed-in-attack-at-saltmere-central-station',
    userKey: 'jonas-k',
    body: `There are already posts going round claiming to know who he is and where he's from, and they contradict each other. The police have been clear that they won't give details yet. Please don't share any of it until there's something official.`,
    minutesAfterStory: 130,
  },
  {
    key: 'c12',
    storySlug: 'two-killed-in-attack-at-saltmere-central-station',
    userKey: 'harrowfields-parent',
    parentKey: 'c11',
    body: `I understand why people want to know, though. When something like this happens it's natural to want answers, and "don't speculate" can feel like being told to keep quiet. I just hope the police are open with everyone once they're able to be.`,
    minutesAfterStory: 160,
  },
  {
    key: 'c13',
    storySlug: 'two-killed-in-attack-at-saltmere-central-station',
    userKey: 'amira-s',
    parentKey: 'c12',
    body: `I think both things are true. People deserve answers. But after the last incident in town, rumours went round about a Muslim family on our street who had nothing to do with it, and they had a horrible week. Waiting a few days for the facts costs the rest of us very little.`,
    minutesAfterStory: 185,
  },
  {
    key: 'c14',
    storySlug: 'two-killed-in-attack-at-saltmere-central-station',
    userKey: 'quayside-reader',
    body: `The station staff and the two off-duty firefighters deserve real recognition. The vigil is in Market Square on Wednesday at 6pm for anyone who wants to go.`,
    minutesAfterStory: 300,
  },

  // Mayoral election.
  {
    key: 'c15',
    storySlug: 'odile-vance-elected-mayor-after-overnight-recount',
    userKey: 'quayside-reader',
    body: `187 votes out of nearly 70,000. If you stayed home because "it won't make any difference", this one is for you.`,
    minutesAfterStory: 45,
  },
  {
    key: 'c16',
    storySlug: 'odile-vance-elected-mayor-after-overnight-recount',
    userKey: 'tidewatcher',
    parentKey: 'c15',
    body: `True, though I'd like to understand how 23 rejected ballots became valid between counts, and how two whole bundles ended up in the wrong tray. I'm not suggesting anything improper, but with a margin this small the details matter.`,
    minutesAfterStory: 70,
  },
  {
    key: 'c17',
    storySlug: 'odile-vance-elected-mayor-after-overnight-recount',
    userKey: 'jonas-k',
    parentKey: 'c16',
    body: `> He asked the returning officer to publish a full breakdown of rejected ballots by ward, which Mr Ashdown agreed to do on Monday.

So we'll see it soon. Recounts usually shift a few ballots because each doubtful paper gets looked at more carefully. Catching the bundle error is the system *working*, not failing.`,
    minutesAfterStory: 98,
  },

  // Fishing quota.
  {
    key: 'c18',
    storySlug: 'inshore-crews-protest-north-reach-cod-quota-cut',
    userKey: 'tidewatcher',
    body: `My grandfather fished out of Saltmere. Every few years we're told the stock is in trouble, and every time the small boats take the hit while the big quota holders carry on. The inshore fleet isn't asking for no limits, just a fair share of whatever there is.`,
    minutesAfterStory: 55,
  },
  {
    key: 'c19',
    storySlug: 'inshore-crews-protest-north-reach-cod-quota-cut',
    userKey: 'quayside-reader',
    parentKey: 'c18',
    body: `Dr Sorvik's point is hard to argue with though: if the spawning stock drops below the limit there's nothing left for small *or* big boats. I'd back the cut if the allocation were shared differently. Hopefully the consultation actually looks at that.`,
    minutesAfterStory: 88,
  },

  // Flood defences.
  {
    key: 'c20',
    storySlug: 'quayside-flood-barrier-passes-first-tide-gate-test',
    userKey: 'harrowfields-parent',
    body: `The video of the gate closing is oddly satisfying. After the 2024 storm flooded the underpass I'm just glad to see this finally happening.`,
    minutesAfterStory: 40,
  },
  {
    key: 'c21',
    storySlug: 'quayside-flood-barrier-passes-first-tide-gate-test',
    userKey: 'jonas-k',
    body: `Is anyone going to do something about the harbour walk closure? Until mid-2027 is a long time for people who use it to get to work, and the diversion really does add twenty minutes.`,
    minutesAfterStory: 75,
  },
  {
    key: 'c22',
    storySlug: 'quayside-flood-barrier-passes-first-tide-gate-test',
    userKey: 'amira-s',
    parentKey: 'c21',
    body: `The article mentions a temporary boardwalk from January, and there are more details on the [project updates page](https://saltmere.example/quayside-defence/updates). Not ideal, but better than the diversion.`,
    minutesAfterStory: 110,
  },

  // School funding.
  {
    key: 'c23',
    storySlug: 'eleven-saltmere-schools-face-cuts-under-new-funding-formula',
    userKey: 'harrowfields-parent',
    body: `Harrow Fields Academy loses the most, and it's the school with the most children who need extra support. That seems backwards to me.`,
    minutesAfterStory: 30,
  },
  {
    key: 'c24',
    storySlug: 'eleven-saltmere-schools-face-cuts-under-new-funding-formula',
    userKey: 'tidewatcher',
    parentKey: 'c23',
    body: `I have some sympathy with the council here. The old formula gave some schools far more per pupil for reasons nobody could explain, and St Aidan's has been short for years. But a cap that only lasts twelve months is too fast a change.`,
    minutesAfterStory: 66,
  },
  {
    key: 'c25',
    storySlug: 'eleven-saltmere-schools-face-cuts-under-new-funding-formula',
    userKey: 'amira-s',
    parentKey: 'c24',
    body: `The language support part is what worries me. A lot of the children at Harrow Fields arrived recently, from all over, and if they get good English early everything else follows. Cutting that seems like a false economy, and it's good that Cllr Pell says she'll look at it again.`,
    minutesAfterStory: 92,
  },

  // Baker profile.
  {
    key: 'c26',
    storySlug: 'from-khujand-to-chandler-street-sitora-nazarova-bakery',
    userKey: 'jonas-k',
    body: `Her sambusa are the best thing on Chandler Street, and I will happily debate anyone who disagrees. Glad to see her get a write-up.`,
    minutesAfterStory: 25,
  },
  {
    key: 'c27',
    storySlug: 'from-khujand-to-chandler-street-sitora-nazarova-bakery',
    userKey: 'quayside-reader',
    parentKey: 'c26',
    body: `Queue was past the launderette on Saturday. *Worth it.* Also nice to read about someone who moved here and built something, for once.`,
    minutesAfterStory: 51,
  },
  {
    key: 'c28',
    storySlug: 'from-khujand-to-chandler-street-sitora-nazarova-bakery',
    userKey: 'tidewatcher',
    parentKey: 'c27',
    body: `To be fair, there are plenty of stories like that if you look for them. Still, good for her. I'm going to try the honey cake this weekend.`,
    minutesAfterStory: 80,
  },
];
