/**
 * Identity terms: words that name a group of people by ethnicity, nationality, religion, immigration status,
 * gender, sexuality or disability. Naming a group is not an attack on it, so the classifier sees these words
 * masked as one shared token (it cannot learn that "muslim" or "gay" is toxic), and the hate rules use them to
 * recognise calls for harm or exclusion aimed at a group.
 */
const TERMS = `
muslim muslims islam islamic jew jews jewish judaism christian christians catholic catholics protestant protestants
mormon mormons hindu hindus sikh sikhs buddhist buddhists atheist atheists arab arabs immigrant immigrants migrant
migrants refugee refugees asylum seekers foreigner foreigners black blacks white whites african africans american
americans asian asians chinese japanese korean koreans indian indians pakistani pakistanis mexican mexicans latino
latinos latina latinas latinx hispanic hispanics european europeans canadian canadians tajik tajiks tajikistan
uzbek uzbeks afghan afghans syrian syrians somali somalis nigerian nigerians russian russians ukrainian ukrainians
polish pole poles roma romani gypsies irish italian italians german germans french british palestinian palestinians
israeli israelis iranian iranians iraqi iraqis turkish turks kurd kurds haitian haitians cuban cubans filipino filipinos
vietnamese indigenous native natives aboriginal gay gays lesbian lesbians bisexual bisexuals transgender trans queer
lgbt lgbtq lgbtqia homosexual homosexuals heterosexual straight nonbinary male males female females woman women man men
deaf blind disabled paralyzed paralysed wheelchair autistic middle eastern aged elderly old older young younger teenage
teenager teenagers millennial millenial millennials boomer boomers taoist taoism shinto jain amish quaker
`;

export const IDENTITY_TERMS: ReadonlySet<string> = new Set(TERMS.split(/\s+/).filter(Boolean));

// A regex alternation of every term, longest first, for patterns like "<group> are vermin".
export const GROUP_PATTERN = [...IDENTITY_TERMS].sort((x, y) => y.length - x.length).join('|');

// Words of legal status before a group word: "illegal immigrants", "failed asylum seekers". Removing people for their
// status is a policy position, not an attack on who they are. ("Criminal" is not here: "criminal Africans" is the
// generalisation itself.)
export const LEGAL_STATUS = ['illegal', 'undocumented', 'unlawful', 'irregular', 'failed', 'overstaying'];
