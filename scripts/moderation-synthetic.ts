/**
 * Training sentences written for this project (not taken from any data set) to teach the model what the public
 * sets under-represent: neutral and positive mentions of many identity groups, counter-speech, news about
 * violence, figures of speech, civil disagreement, threats, insults aimed at a person, and comment-section spam.
 * Generated from small word lists with a seeded generator, so every run yields the same sentences.
 */
import { readText, rng } from './moderation-data.ts';

type Labels = Partial<Record<'hate' | 'violence' | 'incivility' | 'vulgarity' | 'spam', number>>;


const GROUPS = ['Muslim', 'Jewish', 'Christian', 'Hindu', 'Sikh', 'Buddhist', 'atheist', 'Catholic', 'immigrant', 'refugee',
  'Black', 'white', 'Asian', 'Latino', 'Hispanic', 'Arab', 'African', 'Mexican', 'Chinese', 'Indian', 'Pakistani', 'Somali',
  'Syrian', 'Afghan', 'Tajik', 'Uzbek', 'Roma', 'Polish', 'Nigerian', 'Haitian', 'Palestinian', 'Israeli', 'Ukrainian',
  'Russian', 'gay', 'lesbian', 'bisexual', 'transgender', 'trans', 'queer', 'nonbinary', 'straight', 'deaf', 'blind',
  'disabled', 'autistic', 'indigenous', 'Native American', 'elderly', 'young', 'female', 'male'];
const PEOPLE = ['neighbour', 'teacher', 'nurse', 'doctor', 'student', 'engineer', 'farmer', 'mother', 'father', 'colleague',
  'friend', 'coach', 'shop owner', 'bus driver', 'pastor', 'writer', 'veteran', 'grandmother', 'voter', 'council member'];
const NAMES = ['Amina', 'Dilshod', 'Rustam', 'Fatima', 'Jonas', 'Keisha', 'Miguel', 'Priya', 'Chen', 'Olga', 'Tariq',
  'Nadia', 'Samuel', 'Leila', 'Tomasz', 'Aisha', 'Kofi', 'Mei', 'Diego', 'Hannah', 'Yusuf', 'Ines', 'Ravi', 'Zainab'];
const GOOD = ['kind', 'generous', 'thoughtful', 'hard-working', 'brilliant', 'respected', 'honest', 'funny', 'patient',
  'talented', 'welcoming', 'wise', 'caring', 'decent', 'admirable', 'cheerful', 'gentle', 'reliable', 'warm', 'great',
  'happy', 'fun', 'nice', 'lovely', 'wonderful', 'excellent', 'fantastic', 'friendly', 'good', 'amazing', 'smart', 'brave',
  'strong', 'calm', 'proud', 'curious', 'helpful', 'loyal', 'polite', 'clever', 'beautiful', 'interesting', 'best',
  'gracious', 'graceful', 'precious', 'delicious', 'spacious', 'ambitious', 'courageous', 'generous', 'marvellous',
  'courteous', 'joyful', 'grateful', 'compassionate', 'considerate', 'charming', 'delightful', 'energetic', 'gifted',
  'humble', 'inspiring', 'lively', 'modest', 'optimistic', 'outstanding', 'remarkable', 'sincere', 'splendid',
  'sweet', 'terrific', 'thoughtful', 'trustworthy', 'upbeat', 'valued', 'vibrant', 'witty', 'neat', 'cool', 'fine']
const BAD = ['disgusting', 'worthless', 'pathetic', 'filthy', 'stupid', 'vile', 'repulsive', 'moronic', 'idiotic', 'dumb',
  'nasty', 'horrible', 'awful', 'rotten', 'subhuman', 'dirty', 'ugly', 'useless', 'brainless', 'despicable', 'revolting',
  'hideous', 'wretched', 'loathsome', 'terrible', 'shitty', 'fucking', 'dimwitted', 'trashy', 'sick'];
const NOUNS_BAD = ['vermin', 'animals', 'parasites', 'rats', 'savages', 'scum', 'a disease', 'trash', 'cockroaches', 'filth'];
const TOPICS = ['the zoning plan', 'the school budget', 'the new bus routes', 'the tax levy', 'the housing bill',
  'the stadium deal', 'the election results', 'the bridge repairs', 'immigration policy', 'the water rates', 'the police budget'];
const HARMS = ['kill', 'shoot', 'stab', 'hang', 'beat', 'hurt', 'burn', 'strangle', 'run over', 'murder'];
const TARGETS = ['you', 'him', 'her', 'them', 'that reporter', 'the mayor', 'your family', 'every one of them', 'the judge'];

export function syntheticExamples(): { text: string; labels: Labels }[] {
  const r = rng(20260311);
  const pick = <T,>(xs: T[]) => xs[Math.floor(r() * xs.length)];
  const cap = (s: string) => s[0].toUpperCase() + s.slice(1);
  const out: { text: string; labels: Labels }[] = [];
  const ok = (text: string) => out.push({ text, labels: { hate: 0, violence: 0, incivility: 0, vulgarity: 0, spam: 0 } });
  const add = (text: string, labels: Labels) => out.push({ text, labels: { spam: 0, ...labels } });

  // Neutral and positive identity mentions: the model must not learn that naming a group is an attack.
  const neutral = [
    (g: string) => `As a ${g} ${pick(PEOPLE)} I see ${pick(TOPICS)} differently.`,
    (g: string) => `As a ${g} immigrant from Tajikistan, I think ${pick(TOPICS)} needs more public hearings.`,
    (g: string) => `My ${pick(PEOPLE)} is ${g} and ${pick(['runs the food bank', 'coaches our kids', 'volunteers at the library', 'fixed our roof'])}.`,
    (g: string) => `${cap(g)} families have lived in this town for generations.`,
    (g: string) => `The report says ${g} residents were hit hardest by the rent increases.`,
    (g: string) => `I am ${g} and I am proud of it.`,
    (g: string) => `${pick(NAMES)} is a ${pick(GOOD)} ${g} ${pick(PEOPLE)}.`,
    (g: string) => `Being ${g} is ${pick(['normal', 'fine', 'nothing to hide', 'part of who I am', ...GOOD])}.`,
    (g: string) => `${pick(NAMES)} is a ${pick(GOOD)} ${g}.`,
    (g: string) => `You are a ${pick(GOOD)} ${g}.`,
    (g: string) => `${cap(g)} people deserve the same respect as everyone else.`,
    (g: string) => `The ${g} community center is hosting a fundraiser on Saturday.`,
    (g: string) => `Our ${g} ${pick(PEOPLE)} was ${pick(GOOD)} when my father was sick.`,
    (g: string) => `Many ${g} voters disagree with ${pick(TOPICS)}.`,
    (g: string) => `I hug my ${g} friends.`,
    (g: string) => `${pick(NAMES)} is ${g}.`,
    (g: string) => `The article quotes three ${g} business owners.`,
    (g: string) => `${cap(g)} ${pick(['students', 'workers', 'seniors', 'veterans'])} spoke at the council meeting last night.`,
  ];
  for (const g of GROUPS) for (const f of neutral) for (let k = 0; k < 2; k++) ok(f(g));

  // Charged-story register: immigration, religion and race discussed civilly, often with "they" and "this country".
  const charged = [
    (g: string) => `${cap(g)} immigrants built this country and they still do.`,
    (g: string) => `${cap(g)} people have contributed so much to ${pick(['this city', 'our schools', 'the local economy', 'this country'])}.`,
    (g: string) => `Sending ${g} refugees back to a war zone would be cruel.`,
    (g: string) => `They came here to work, like my ${pick(['grandparents', 'parents', 'neighbours'])} did, and ${g} families deserve a fair hearing.`,
    (g: string) => `We should welcome ${g} families, not blame them for the housing shortage.`,
    (g: string) => `The article says ${g} workers are paid less for the same job, which is wrong.`,
    (g: string) => `Hate crimes against ${g} people went up last year, according to the police report.`,
    (g: string) => `My ${g} ${pick(PEOPLE)} was harassed on the bus and nobody helped.`,
    (g: string) => `Whether you are ${g} or not, the new rent rules affect you.`,
    (g: string) => `The ${g} vote will decide this election, the poll suggests.`,
  ];
  for (const g of GROUPS) for (const f of charged) ok(f(g));

  // Rights and equality, argued civilly: "<group> people are …" and "… deserve the same …" are the shapes the
  // hostile sets fill with insults, so without these the model reads the frame itself as an attack.
  const BENEFITS = ['health care', 'right to vote', 'benefits', 'housing support', 'jobs', 'legal protections', 'pensions', 'school places'];
  const COUNTRIES = ['Ukraine', 'Syria', 'Afghanistan', 'Sudan', 'Eritrea', 'Venezuela', 'Iraq', 'Somalia', 'Myanmar', 'Honduras'];
  const rights = [
    (g: string) => `${cap(g)} people are people${pick(['', ' too', ', full stop', ' like anyone else'])}${pick(['.', ', and they deserve to be treated that way.', ', and the new law forgets it.', ', whatever the minister says.'])}`,
    (g: string) => `${cap(g)} people are ${pick(['our neighbours', 'part of this town', 'citizens like the rest of us', 'taxpayers too', ...GOOD])}${pick(['.', ', and the council should remember that.'])}`,
    (g: string) => `The new ${pick(['law', 'rule', 'policy', 'budget'])} takes away ${pick(['their', `${g} people's`, `${g} families'`])} ${pick(BENEFITS)}${pick(['.', ', which is unfair.', ' and nobody asked them.'])}`,
    (g: string) => `${cap(g)} ${pick(['refugees', 'families', 'workers', 'students', 'patients'])} from ${pick(COUNTRIES)} and from ${pick(COUNTRIES)} deserve the same ${pick(['treatment', 'protection', 'rights', 'hearing'])} under the law.`,
    (g: string) => `This ${pick(['law', 'cut', 'policy'])} hurts ${g} people and ${pick(['their children', 'their families', 'the rest of us'])}.`,
    (g: string) => `${cap(g)} people have the same rights as everyone else${pick(['.', ', and courts have said so.', ', including the right to protest.'])}`,
  ];
  for (const g of GROUPS) for (const f of rights) for (let k = 0; k < 2; k++) ok(f(g));

  // Religions criticised as ideas, collective blame refused, solidarity: civil, and labelled for hate only (what
  // they say about spam or insults is nothing new, and they should not move those models).
  const notHate = (text: string) => out.push({ text, labels: { hate: 0 } });
  const FAITHS = ['Islam', 'Christianity', 'Judaism', 'Hinduism', 'Buddhism', 'Sikhism', 'Catholicism', 'Mormonism', 'Scientology'];
  for (const faith of FAITHS) {
    notHate(`${faith}, like every religion, ${pick(['should be open to criticism', 'can be debated like any other set of ideas', 'is not above satire'])}.`);
    notHate(`Criticising ${faith} is allowed; ${pick(['attacking its followers is not', 'harassing believers is another thing entirely', 'blaming every believer is not'])}.`);
    notHate(`I was raised in ${faith} and I still ${pick(['question parts of it', 'argue with my family about it', 'think some of its leaders got this wrong'])}.`);
  }
  for (const g of GROUPS) {
    notHate(`Many ${g} people I know are tired of being asked to ${pick(['condemn attacks they had nothing to do with', 'explain themselves after every attack', 'apologise for strangers'])}.`);
    notHate(`${cap(g)} ${pick(['women', 'students', 'workers', 'families'])} in ${pick(COUNTRIES)} are ${pick(['risking their lives to protest', 'organising against the new law', 'speaking out despite the danger'])}, and we should ${pick(['support them', 'listen to them', 'keep reporting it'])}.`);
  }

  // Attacks on identity: the same slots, hostile words (the hostility, not the group, is the signal).
  const hostile = [
    (g: string) => `${pick(NAMES)} is a ${pick(BAD)} ${g}.`,
    (g: string) => `Being ${g} is ${pick(BAD)}.`,
    (g: string) => `All ${g} people are ${pick(NOUNS_BAD)}.`,
    (g: string) => `${cap(g)} people are ${pick(BAD)} and should go back where they came from.`,
    (g: string) => `I hate ${g} people.`,
    (g: string) => `Get these ${pick(BAD)} ${g} ${pick(['people', 'families', 'freaks'])} out of our country.`,
  ];
  for (const g of GROUPS) for (const f of hostile) for (let k = 0; k < 2; k++) add(f(g), { hate: 1, violence: 0 });

  // Counter-speech: condemning an attack names it, but is not one.
  for (const g of GROUPS) {
    ok(`Calling ${g} people ${pick(NOUNS_BAD)} is hateful and wrong.`);
    ok(`I reported the guy who said ${g} people are ${pick(NOUNS_BAD)}. That is not okay.`);
    ok(`Nobody should be harassed for being ${g}.`);
  }

  // Violence: threats and wishes versus news and figures of speech.
  for (let k = 0; k < 250; k++) {
    add(`${pick(['I will', "I'm going to", 'We will', "I'm gonna", 'Someone should', 'Somebody needs to'])} ${pick(HARMS)} ${pick(TARGETS)}${pick(['.', '!', ' tonight.', ' if this passes.', ' and nobody will stop me.'])}`, { violence: 1 });
    add(`${cap(pick(['he', 'she', 'they', 'that reporter', 'the mayor']))} ${pick(['deserves to', 'should', 'needs to'])} ${pick(['die', 'be shot', 'be hanged', 'be beaten', 'burn'])}.`, { violence: 1 });
    add(`I hope ${pick(['you', 'he', 'she', 'they', 'your family'])} ${pick(['die', 'get shot', 'burn', 'get hurt', 'suffer'])}.`, { violence: 1 });
    add(`I know where you live and I'm coming for you.`, { violence: 1 });
    ok(`The attack killed ${2 + Math.floor(r() * 40)} people, police said.`);
    ok(`Police said the gunman ${pick(['shot', 'wounded', 'killed'])} ${2 + Math.floor(r() * 9)} people before he was arrested.`);
    ok(`${cap(pick(TOPICS))} will kill ${pick(['small towns', 'local business', 'the downtown', 'our budget'])}.`);
    ok(`The band was killing it on stage last night.`);
    ok(`The ${pick(['storm', 'fire', 'crash', 'flood'])} killed ${2 + Math.floor(r() * 20)} people and injured dozens.`);
    ok(`The jury convicted the man who murdered ${pick(NAMES)} in ${2000 + Math.floor(r() * 24)}.`);
    ok(`That joke killed me, I was dying laughing.`);
  }

  // Incivility against civil, even heated, disagreement.
  const PEOPLE_INSULT = ['idiot', 'moron', 'clown', 'loser', 'hack', 'imbecile', 'fool', 'troll', 'piece of garbage', 'coward'];
  for (let k = 0; k < 300; k++) {
    add(`You are a ${pick(BAD)} ${pick(PEOPLE)}.`, { incivility: 1 });
    add(`${pick(['You', 'You are such a', "You're a", 'Only a'])} ${pick(PEOPLE_INSULT)}${pick([' would write this.', '.', ', read the article.', ' like you would say that.'])}`, { incivility: 1, violence: 0 });
    add(`The author is a ${pick(BAD)} ${pick(PEOPLE_INSULT)}.`, { incivility: 1 });
    ok(`You are a ${pick(GOOD)} ${pick(PEOPLE)}.`);
    ok(`You are wrong about ${pick(TOPICS)}, and here is why: the numbers in the article do not add up.`);
    ok(`I strongly disagree. ${cap(pick(TOPICS))} is a ${pick(['terrible', 'bad', 'costly', 'short-sighted'])} idea and the council should vote it down.`);
    ok(`This is the worst decision the city has made in years. Shame on the council.`);
    ok(`With respect, your argument ignores what happened to ${pick(TOPICS)} last year.`);
  }

  // Comment spam of the kind news sites get (the SMS set covers phone spam).
  for (let k = 0; k < 300; k++) {
    add(`${pick(['Great article!', 'Nice post.', 'Very informative.', 'Thanks for sharing.'])} ${pick(['Check out my channel', 'Visit my website', 'Click here', 'See my profile'])} ${pick(['www.best-deals-now.com', 'for free followers', 'bit.ly/x7f3k2', 'to earn $500 a day from home'])}`, { spam: 1 });
    add(`${pick(['I made', 'Earn', 'Make'])} $${100 + Math.floor(r() * 900)} ${pick(['a day', 'per hour', 'every week'])} ${pick(['working from home', 'with this simple trick', 'trading crypto'])}. ${pick(['DM me', 'WhatsApp +1 555 0100', 'Message me on telegram @quickcash'])}`, { spam: 1 });
    add(`${pick(['Bitcoin', 'Crypto', 'Forex'])} investment with guaranteed ${10 + Math.floor(r() * 90)}% returns, contact ${pick(['Mr. Davis', 'our agent', 'me'])} now.`, { spam: 1 });
    ok(`The article links to the council minutes at ${pick(['cityofexample.gov', 'the city website', 'the county portal'])}, worth a read.`);
    ok(`According to the report, the project will cost $${1 + Math.floor(r() * 90)} million over ${2 + Math.floor(r() * 8)} years.`);
  }

  // Charged stories about policing and protest: groups, police and "lives matter" named civilly.
  const policing = [
    (g: string) => `${cap(g)} residents and police officers ${pick(['met at the town hall', 'marched together on Sunday', 'talked about the traffic stops', 'cleaned up the park together'])}.`,
    (g: string) => `The police chief ${pick(['met', 'sat down', 'spoke'])} with ${g} community leaders after the protest.`,
    (g: string) => `Protesters said ${g} lives matter, and the officers at the scene kept the march ${pick(['safe', 'peaceful', 'moving'])}.`,
    (g: string) => `Both the ${g} family and the officers involved deserve ${pick(['answers', 'a fair investigation', 'to be heard'])}.`,
    () => `${pick(['Every life matters', 'Their lives matter', 'Officers lives matter too', 'All of our neighbours matter'])}, and so does ${pick(['fair policing', 'due process', 'a fair trial', 'the truth'])}.`,
  ];
  for (const g of GROUPS) for (const f of policing) ok(f(g));

  // Numbers in news comments (prices, dates, votes, office numbers, statutes) are not spam.
  const d = (k: number) => String(Math.floor(r() * 10 ** k)).padStart(k, '0');
  for (let k = 0; k < 150; k++) {
    ok(`Tickets for the ${pick(['concert', 'game', 'gala', 'fair', 'play'])} cost ${pick(['$', '£', '€'])}${5 + Math.floor(r() * 95)} and the doors open at ${1 + Math.floor(r() * 11)} pm.`);
    ok(`The council meets on ${2020 + Math.floor(r() * 6)}-0${1 + Math.floor(r() * 9)}-${10 + Math.floor(r() * 18)}; the clerk's office at (${d(3)}) ${d(3)}-${d(4)} has the agenda.`);
    ok(`${pick(['Gas', 'Milk', 'A bus ticket', 'Bread'])} went up to ${pick(['$', '£'])}${1 + Math.floor(r() * 5)}.${d(2)} this ${pick(['week', 'month', 'year'])}.`);
    ok(`The measure passed ${3 + Math.floor(r() * 6)} to ${Math.floor(r() * 4)}, and ${1000 + Math.floor(r() * 90000)} people voted.`);
    ok(`Under section ${100 + Math.floor(r() * 900)} of the code the fine is ${pick(['$', '£'])}${50 + Math.floor(r() * 950)}, the article says.`);
  }

  // Spanish: civil disagreement is fine in any language.
  for (const s of ['No estoy de acuerdo con el alcalde, pero respeto su opinión.', 'La nueva ley de vivienda es un error, hay que votar en contra.',
    'Mi vecino es musulmán y es una persona muy amable.', 'Los inmigrantes trabajan duro en esta ciudad.', 'Gracias por el artículo, muy completo.']) ok(s);

  // An armed group named apart from the people it claims: civil, labelled for hate only. Kept last, so the
  // sentences above (and the spam rows among them) stay as they were.
  const ARMED = [['Hamas', 'Palestinian'], ['ISIS', 'Syrian'], ['ISIS', 'Muslim'], ['al-Qaeda', 'Afghan'], ['the IRA', 'Irish'], ['ETA', 'Basque'], ['the KKK', 'white'], ['Boko Haram', 'Nigerian'], ['al-Shabaab', 'Somali']];
  for (const [group, people] of ARMED) {
    notHate(`${cap(group!)} is a terrorist organisation, and ${people} civilians are not ${group}.`);
    notHate(`Condemning ${group} is not the same as condemning ${people} people.`);
    notHate(`${cap(people!)} families have suffered most from ${group}'s violence, the report says.`);
  }

  // Civic life in a news thread that names a group: fundraising, sport, schools, statistics, religion in public life.
  // Hate only; kept last, so every sentence above stays as it was.
  const PLURAL = ['Muslims', 'Jews', 'immigrants', 'refugees', 'Sikhs', 'Hindus', 'Catholics', 'trans people', 'gay couples',
    'Black residents', 'Somali families', 'Polish workers', 'migrants', 'atheists', 'women'];
  const CIVIC = [
    (g: string) => `${g} in our town raised money for the flood victims within a ${pick(['day', 'week', 'month'])}.`,
    (g: string) => `Some ${g} commit crimes, like some citizens do; the ${pick(['rate', 'trend', 'data'])} is what matters.`,
    (g: string) => `The debate about ${g} in ${pick(['sport', 'schools', 'the army', 'politics'])} is complicated and deserves better than slogans.`,
    (g: string) => `I think religion should stay out of schools, all religions, and ${g} I know agree with that.`,
    (g: string) => `${cap(g)} make up about ${pick(['4', '7', '12', '15'])} percent of the county, within the margin the census gives.`,
    (g: string) => `The survey asked ${g} about housing, jobs and the rising cost of ${pick(['rent', 'food', 'energy', 'childcare'])}.`,
    (g: string) => `The attacker's ${pick(['manifesto', 'posts', 'diary'])} was full of hatred for ${g}, investigators said.`,
    (g: string) => `${cap(g)} are being pushed out of ${pick(['work', 'housing', 'the city centre', 'public life'])} by the new rules, the report says.`,
    (g: string) => `${cap(g)} are not ${pick(['Hamas', 'ISIS', 'the Taliban', 'the gangs', 'the regime'])}, and treating them as if they were is wrong.`,
    (g: string) => `Police charged a ${pick(['man', 'woman', 'teenager'])} with threatening to ${pick(['burn', 'attack', 'bomb'])} the ${pick(['mosque', 'synagogue', 'gurdwara', 'church', 'community centre'])} ${g} ${pick(['use', 'built', 'run'])}.`,
  ];
  for (const g of PLURAL) for (const f of CIVIC) notHate(f(g));

  // Rights said in the affirmative, and races that are contests. The hate sets argue "<group> shouldn't be allowed to
  // vote", and with the group word left out of the features, "should be allowed to vote" itself read as hate ("Women
  // should be allowed to vote" scored 0.48); "race" in sport and elections read as the other sense ("The transgender
  // swimmer won the race by two seconds" was held at 0.56). Hate only; kept last, so every sentence above stays.
  const RIGHTS = ['vote', 'work', 'drive', 'study', 'run for office', 'own property', 'serve in the army', 'marry', 'adopt', 'pray in public'];
  const KIND = ['Muslim', 'Jewish', 'transgender', 'gay', 'Black', 'Somali', 'Polish', 'immigrant', 'refugee', 'Sikh', 'Hindu', 'lesbian',
    'female', 'disabled', 'Mexican'];
  for (const g of PLURAL) for (let k = 0; k < 2; k++) {
    notHate(`${cap(g)} should be allowed to ${pick(RIGHTS)}${pick(['.', ', like everyone else.', ', and the court agreed.', '; the ban was a mistake.'])}`);
    notHate(`${cap(g)} ${pick(['won the right to', 'fought for the right to', 'were finally allowed to'])} ${pick(RIGHTS)} ${pick(['in the end', 'decades ago', 'only recently', 'after a long campaign'])}.`);
    notHate(`In this country ${g} ${pick(['have had the vote', 'have sat in parliament', 'have run businesses', 'have been citizens', 'have served as judges'])} ${pick(['since 1918', 'for a century', 'for generations', 'since the war'])}${pick(['.', ', and they still do.', ', as they should.'])}`);
  }
  for (const kind of KIND) for (let k = 0; k < 2; k++) {
    notHate(`The ${kind} ${pick(['swimmer', 'runner', 'cyclist', 'rower', 'jockey', 'skier'])} ${pick(['won the race', 'finished the race', 'led the race', 'lost the race'])} ${pick(['by a length', 'by a wide margin', 'in record time', 'after a late sprint'])}.`);
    notHate(`${pick(['Two', 'Three', 'Several'])} ${kind} candidates ${pick(['entered', 'joined', 'dropped out of'])} the ${pick(['mayoral', 'council', 'senate', 'school board'])} race ${pick(['this week', 'on Monday', 'after the debate'])}.`);
  }

  // The vocabulary of charged news in plain reporting and civil opinion: terrorism, borders, "this country", far-away
  // places and large numbers. With the group words left out, the hate model leaned on these words alone ("terrorist"
  // and "country" were among its heaviest), so a civil sentence about an attack or a border could be held. Hate only;
  // kept last.
  const PLACES = ['Chad', 'Niger', 'Mali', 'Yemen', 'Libya', 'Gaza', 'Lebanon', 'Jordan', 'Turkey', 'Greece', 'Italy', 'Calais', 'Lampedusa', 'Texas', 'Arizona'];
  const NEWS = [
    () => `${pick(['Terrorism', 'Terror', 'Murder'])} charges were ${pick(['brought against', 'dropped against', 'filed against'])} ${pick(['two', 'three', 'four'])} ${pick(['men', 'women', 'teenagers'])} after the ${pick(['raid', 'arrests', 'trial', 'inquiry'])}.`,
    () => `The ${pick(['terrorist', 'terror'])} ${pick(['threat level', 'alert', 'warning'])} was ${pick(['raised', 'lowered', 'kept'])} ${pick(['after the attack', 'on Friday', 'for the holiday weekend'])}, the ${pick(['minister', 'police', 'agency'])} said.`,
    () => `${pick(['The group', 'The militia', 'The cell'])} was ${pick(['listed', 'designated', 'banned'])} as a terrorist organisation in ${2001 + Math.floor(r() * 23)}.`,
    () => `${pick(['Thousands', 'Hundreds', 'Tens of thousands'])} of people ${pick(['crossed into', 'fled to', 'arrived in', 'were stranded in'])} ${pick(PLACES)} ${pick(['last month', 'every week', 'this year', 'after the floods'])}, the ${pick(['UN', 'aid agencies', 'Red Cross'])} ${pick(['said', 'reported', 'estimates'])}.`,
    () => `${pick(PLACES)} ${pick(['has taken in', 'is hosting', 'turned back'])} more ${pick(['people', 'families', 'boats'])} than ${pick(PLACES)} ${pick(['this year', 'since the war began', 'in the last decade'])}.`,
    () => `This country ${pick(['has a long history of', 'was built on', 'owes a lot to', 'is still arguing about'])} ${pick(['immigration', 'religious freedom', 'taking in people fleeing war', 'welcoming newcomers', 'its border policy'])}${pick(['.', ', and that is worth remembering.', ', whatever the polls say.'])}`,
    () => `${pick(['Our', 'This', 'Every'])} country ${pick(['needs', 'deserves', 'should have'])} ${pick(['a fair asylum system', 'an honest debate about migration', 'safe routes for refugees', 'border checks that work', 'enough nurses and teachers'])}${pick(['.', ', and both parties know it.', ' before the next election.'])}`,
    () => `${pick(['The attack', 'The bombing', 'The shooting'])} ${pick(['was condemned by', 'was mourned by', 'shocked'])} ${pick(['every faith leader in the city', 'the whole country', 'neighbours of every background'])}.`,
  ];
  for (const f of NEWS) for (let k = 0; k < 12; k++) notHate(f());

  return out;
}

function expand(template: string, r: () => number): string {
  let s = template;
  for (let guard = 0; guard < 200 && s.includes('{'); guard++) {
    s = s.replace(/\{([^{}]*)\}/g, (_, body: string) => {
      const parts = body.split('|');
      return parts[Math.floor(r() * parts.length)];
    });
  }
  return s.replace(/\s+/g, ' ').trim();
}

/**
 * Blog-comment spam from the WordPress spintax constructs (MIT), expanded deterministically. Not trained on: it is
 * generic praise ("great post, thanks for sharing") that real readers write too, and taught the model to flag
 * ordinary friendly comments. eval.ts reports how much of it the pipeline catches.
 */
export function spintaxSamples(r: () => number = rng(7)): string[] {
  const raw = readText('wp-comment-blocklist', 'reference', 'constructs.txt');
  // Templates are separated by a '|' that ends a line outside any braces.
  const templates: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of raw) {
    if (ch === '{') depth++;
    if (ch === '}') depth = Math.max(0, depth - 1);
    if (ch === '|' && depth === 0) { templates.push(cur); cur = ''; continue; }
    cur += ch;
  }
  if (cur.trim()) templates.push(cur);
  const out: string[] = [];
  for (const t of templates) for (let k = 0; k < 3; k++) { const s = expand(t, r); if (s.length > 20) out.push(s); }
  return out;
}
