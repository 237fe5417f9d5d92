/**
 * Test boards for the export tests: real Y.Docs built the way the server and
 * clients build them (create.ts for the joint and state rooms, the schema's
 * root accessors for every other record), read back through readBoardData.
 *
 * The board is full of hostile text (formulas, markup, quotes, newlines,
 * emoji, right-to-left script) and of marker strings and values that must
 * never reach someone not entitled to them.
 */
import * as Y from 'yjs';
import { readBoardData, type BoardData } from '@/lib/board/board-data';
import { initializeJointDoc, initializeStateDoc } from '@/lib/board/create';
import {
  CRITERIA,
  ROOT,
  checkpointsMap,
  clustersMap,
  compositeKey,
  debriefNotesMap,
  flatMap,
  interestsMap,
  optionsMap,
  tradeoffsMap,
} from '@/lib/board/schema';
import { encodeRatingValues, laneRatingKey, writePublishedRatings } from '@/lib/board/rating-entries';
import { writeStateFields } from '@/lib/board/state';

export const HOSTILE = {
  formula: '=HYPERLINK("http://x")',
  at: '@SUM(1)',
  plus: '+1',
  minus: '-2+3',
  tab: '\tTabbed start',
  cr: '\rCarriage start',
  link: '[x](javascript:alert(1))',
  img: '<img src=x onerror=alert(1)>',
  quotes: 'She said "yes, but", then left',
  multiline: 'First line\nSecond line\n\n# not a heading\n- not a list',
  emoji: 'Win-win 🤝 deal 😀',
  hebrew: 'שלום עולם',
  arabic: 'مرحبا بالعالم',
  greek: 'Ωμέγα συμφωνία',
  cyrillic: 'Привет, договор',
  accents: 'Crème brûlée à la façon de Zoë',
} as const;

/** Must never appear in an export not made for the owning party. */
export const MARKERS = {
  p1Private: 'SECRET-P1-INTEREST-7f3a',
  p2Private: 'SECRET-P2-INTEREST-9c1d',
  /** p2's raters give 5 and 4 on every criterion of o1: means 4.5, seen nowhere else */
  p2Mean: 4.5,
} as const;

export type TestBoard = {
  readonly joint: Y.Doc;
  readonly state: Y.Doc;
  readonly lanes: Readonly<Record<'p1' | 'p2', Y.Doc>>;
};

function put(map: Y.Map<Y.Map<unknown>>, id: string, fields: Record<string, unknown>): void {
  map.set(id, new Y.Map<unknown>(Object.entries(fields)));
}

type LaneRating = readonly [optionId: string, participantId: string, values: readonly [number, number, number]];

const LANE_RATINGS: Record<'p1' | 'p2', readonly LaneRating[]> = {
  p1: [
    ['o1', 'u1', [2, 2, 2]],
    ['o2', 'u1', [3, 4, 3]],
    ['o5', 'u1', [4, 2, 3]],
  ],
  p2: [
    ['o1', 'u2', [5, 5, 5]],
    ['o1', 'u3', [4, 4, 4]],
    ['o2', 'u2', [1, 1, 1]],
  ],
};
const PROPOSALS = { p1: ['o1', 'o5'], p2: ['o2'] } as const;

function buildJoint(doc: Y.Doc): void {
  initializeJointDoc(doc, {
    title: `Supply 2027 ${HOSTILE.link}`,
    question: `How might we ${HOSTILE.img} keep prices stable?\n${HOSTILE.formula}`,
    parties: ['Buyer', 'Supplier'],
    createdAt: 1_700_000_000_000,
  });
  doc.transact(() => {
    const interests = interestsMap(doc);
    put(interests, 'i1', { partyId: 'p1', text: 'Stable prices', kind: 'need', importance: 3, order: 'a0', createdAt: 1 });
    put(interests, 'i2', { partyId: 'p2', text: `Busy plant ${HOSTILE.greek}`, kind: 'priority', importance: 2, order: 'a1', createdAt: 2 });
    put(interests, 'i3', { partyId: 'p2', text: HOSTILE.cyrillic, kind: 'concern', importance: 1, order: 'a2', createdAt: 3 });
    flatMap(doc, ROOT.interestLinks).set(compositeKey('i1', 'i2'), 'shared');
    flatMap(doc, ROOT.interestLinks).set(compositeKey('i1', 'i3'), 'tension');

    put(clustersMap(doc), 'c1', { name: 'Pricing', order: 'a0', createdAt: 1 });
    put(clustersMap(doc), 'c2', { name: HOSTILE.quotes, order: 'a1', createdAt: 2 });

    const options = optionsMap(doc);
    const option = (id: string, order: string, title: string, extra: Record<string, unknown> = {}) =>
      put(options, id, { title, description: '', order, createdAt: 10, clusterId: '', shortlisted: false, stage: 0, shortlistOrder: '', ...extra });
    option('o1', 'a0', 'Phase the price rise', { description: HOSTILE.multiline, clusterId: 'c1', shortlisted: true, shortlistedAt: 1_700_000_500_000, stage: 1, shortlistOrder: 'a1' });
    option('o2', 'a1', HOSTILE.formula, { description: HOSTILE.quotes, clusterId: 'c1', shortlisted: true, stage: 1, shortlistOrder: 'a0' });
    option('o3', 'a2', `${HOSTILE.link} ${HOSTILE.img}`, { description: HOSTILE.cr, clusterId: 'c2' });
    option('o4', 'a3', HOSTILE.at, { description: HOSTILE.tab });
    option('o5', 'a4', `${HOSTILE.hebrew} ${HOSTILE.arabic}`, { shortlisted: true, stage: 2, shortlistOrder: 'a0' });
    option('o6', 'a5', HOSTILE.minus, { description: `${HOSTILE.emoji} ${HOSTILE.accents}`, clusterId: 'c2', shortlisted: true, stage: 0, shortlistOrder: 'a0' });

    const tags = flatMap(doc, ROOT.optionTags);
    for (const [o, t] of [['o1', 'money'], ['o1', 'timing'], ['o2', 'risk'], ['o4', 'Zoë']]) tags.set(compositeKey(o!, t!), true);
    for (const [o, i] of [['o1', 'i1'], ['o1', 'i2'], ['o5', 'i3']]) flatMap(doc, ROOT.optionInterests).set(compositeKey(o!, i!), true);

    put(tradeoffsMap(doc), 't1', {
      partyId: 'p1', concedes: `A longer term, "10 years", ${HOSTILE.plus}`, unlocks: 'A lower price, fixed', benefit: 'cost', order: 'a0', createdAt: 5,
    });
    flatMap(doc, ROOT.tradeoffOptions).set(compositeKey('t1', 'o1'), true);
    flatMap(doc, ROOT.tradeoffResponses).set(compositeKey('t1', 'p2'), { status: 'confirmed', note: HOSTILE.emoji, at: 6 });

    const plans = flatMap(doc, ROOT.plans);
    plans.set(compositeKey('o1', 'startDate'), '2027-01-01');
    plans.set(compositeKey('o1', 'dueDate'), '2027-06-30');
    plans.set(compositeKey('o1', 'metrics'), `Price index < 3%\n${HOSTILE.at}`);
    plans.set(compositeKey('o1', 'escalation'), `${HOSTILE.plus} call both CEOs`);
    plans.set(compositeKey('o1', 'owner', 'p1'), 'Ana Müller');
    plans.set(compositeKey('o1', 'owner', 'p2'), HOSTILE.hebrew);
    plans.set(compositeKey('o5', 'dueDate'), '2027-09-15');
    plans.set(compositeKey('o5', 'owner', 'p1'), `${HOSTILE.plus} (555) 0100`);

    put(checkpointsMap(doc), 'k1', { optionId: 'o1', date: '2027-03-01', label: 'First review, "price"', createdAt: 7 });
    put(checkpointsMap(doc), 'k2', { optionId: 'o1', date: '2027-05-15', label: HOSTILE.multiline, createdAt: 8 });
    put(checkpointsMap(doc), 'k3', { optionId: 'o5', date: '2027-04-01', label: HOSTILE.arabic, createdAt: 9 });

    put(debriefNotesMap(doc), 'd1', { prompt: 'worked', partyId: 'p1', text: HOSTILE.accents, createdAt: 11 });
    put(debriefNotesMap(doc), 'd2', { prompt: 'change', partyId: '', text: HOSTILE.formula, createdAt: 12 });
  });
}

function buildLane(partyId: 'p1' | 'p2'): Y.Doc {
  const doc = new Y.Doc();
  doc.transact(() => {
    const secret = partyId === 'p1' ? MARKERS.p1Private : MARKERS.p2Private;
    put(interestsMap(doc), `x${partyId}`, { partyId, text: secret, kind: 'constraint', importance: 3, order: 'b0', createdAt: 4 });
    for (const optionId of PROPOSALS[partyId]) flatMap(doc, ROOT.proposals).set(optionId, 10);
    for (const [optionId, participant, values] of LANE_RATINGS[partyId]) flatMap(doc, ROOT.ratings).set(laneRatingKey(optionId, participant), encodeRatingValues(values));
  });
  return doc;
}

/** The server's reveals: copy lane ratings and proposals into the state room. */
function reveal(state: Y.Doc, scores: boolean, authorship: boolean): void {
  state.transact(() => {
    if (scores) {
      const ratings = (['p1', 'p2'] as const).flatMap((partyId) =>
        LANE_RATINGS[partyId].flatMap(([optionId, participantId, values]) =>
          CRITERIA.map((criterion, i) => ({ optionId, partyId, participantId, criterion, value: values[i]! })),
        ),
      );
      writePublishedRatings(state, ratings);
    }
    if (authorship) for (const partyId of ['p1', 'p2'] as const) for (const optionId of PROPOSALS[partyId]) flatMap(state, ROOT.authorship).set(optionId, partyId);
  });
  writeStateFields(state, { scoresRevealed: scores, authorshipRevealed: authorship }, 'test-reveal');
}

export function buildTestBoard(options: { revealed: boolean; scoring?: 'blind' | 'open' }): TestBoard {
  const joint = new Y.Doc();
  buildJoint(joint);
  const state = new Y.Doc();
  initializeStateDoc(state, 1_700_000_000_000);
  writeStateFields(state, { scoring: options.scoring ?? 'blind' }, 'test-settings');
  if (options.revealed) reveal(state, true, true);
  return { joint, state, lanes: { p1: buildLane('p1'), p2: buildLane('p2') } };
}

/** What a reader holding `lane` (or no lane) would load. */
export function readAs(board: TestBoard, lane: 'p1' | 'p2' | null): BoardData {
  const data = readBoardData({
    joint: board.joint,
    state: board.state,
    lane: lane ? { doc: board.lanes[lane], partyId: lane } : undefined,
  });
  if (!data) throw new Error('test board did not read');
  return data;
}
