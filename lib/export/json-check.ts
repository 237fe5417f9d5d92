/**
 * Cross-record rules of the JSON format that a JSON Schema cannot say: every
 * reference points at a record in the same file, and ids are unique. An
 * import relies on these (it maps every id to a fresh one).
 */
import type { ExportError, ExportedBoard } from './json-format';

export function checkReferences(board: ExportedBoard): ExportError[] {
  const errors: ExportError[] = [];
  const fail = (path: string, message: string) => errors.push({ path: `board.${path}`, message });

  const ids = (list: readonly { id: string }[], name: string): Set<string> => {
    const seen = new Set<string>();
    list.forEach((item, i) => {
      if (seen.has(item.id)) fail(`${name}[${i}].id`, `duplicate id "${item.id}" in ${name}`);
      seen.add(item.id);
    });
    return seen;
  };
  const parties = ids(board.parties, 'parties');
  const interests = ids(board.interests, 'interests');
  const clusters = ids(board.clusters, 'clusters');
  const options = ids(board.options, 'options');
  ids(board.tradeoffs, 'tradeoffs');
  ids(board.checkpoints, 'checkpoints');
  ids(board.debriefNotes, 'debriefNotes');

  const ref = (path: string, value: string | null, known: Set<string>, what: string) => {
    if (value !== null && !known.has(value)) fail(path, `refers to ${what} "${value}", which is not in the file`);
  };

  board.interests.forEach((x, i) => ref(`interests[${i}].partyId`, x.partyId, parties, 'party'));
  const pairs = new Set<string>();
  board.interestLinks.forEach((link, i) => {
    ref(`interestLinks[${i}].a`, link.a, interests, 'interest');
    ref(`interestLinks[${i}].b`, link.b, interests, 'interest');
    const pair = [link.a, link.b].sort().join('/');
    if (link.a === link.b) fail(`interestLinks[${i}]`, 'links an interest to itself');
    else if (pairs.has(pair)) fail(`interestLinks[${i}]`, 'links the same two interests twice');
    pairs.add(pair);
  });
  board.options.forEach((o, i) => {
    ref(`options[${i}].clusterId`, o.clusterId, clusters, 'cluster');
    ref(`options[${i}].proposedBy`, o.proposedBy, parties, 'party');
    o.interestIds.forEach((id, j) => ref(`options[${i}].interestIds[${j}]`, id, interests, 'interest'));
  });
  board.tradeoffs.forEach((t, i) => {
    ref(`tradeoffs[${i}].partyId`, t.partyId, parties, 'party');
    t.optionIds.forEach((id, j) => ref(`tradeoffs[${i}].optionIds[${j}]`, id, options, 'option'));
    t.responses.forEach((r, j) => ref(`tradeoffs[${i}].responses[${j}].partyId`, r.partyId, parties, 'party'));
  });
  const planned = new Set<string>();
  board.plans.forEach((p, i) => {
    ref(`plans[${i}].optionId`, p.optionId, options, 'option');
    if (planned.has(p.optionId)) fail(`plans[${i}].optionId`, `a second plan for option "${p.optionId}"`);
    planned.add(p.optionId);
    p.owners.forEach((o, j) => ref(`plans[${i}].owners[${j}].partyId`, o.partyId, parties, 'party'));
  });
  board.checkpoints.forEach((c, i) => ref(`checkpoints[${i}].optionId`, c.optionId, options, 'option'));
  board.debriefNotes.forEach((n, i) => ref(`debriefNotes[${i}].partyId`, n.partyId, parties, 'party'));
  // A rater is named only for ratings in the file, once, with the party they rated for.
  const raterParty = new Map(board.ratings.map((r) => [r.participantId, r.partyId]));
  const named = new Set<string>();
  board.raters?.forEach((r, i) => {
    if (raterParty.get(r.participantId) !== r.partyId) {
      fail(`raters[${i}].participantId`, `no rating of party "${r.partyId}" by "${r.participantId}" in the file`);
    }
    if (named.has(r.participantId)) fail(`raters[${i}].participantId`, `"${r.participantId}" is named twice`);
    named.add(r.participantId);
  });
  const rated = new Set<string>();
  board.ratings.forEach((r, i) => {
    ref(`ratings[${i}].optionId`, r.optionId, options, 'option');
    ref(`ratings[${i}].partyId`, r.partyId, parties, 'party');
    const key = `${r.optionId}/${r.partyId}/${r.participantId}/${r.criterion}`;
    if (rated.has(key)) fail(`ratings[${i}]`, 'the same person rated the same criterion of an option twice');
    rated.add(key);
  });
  return errors;
}
