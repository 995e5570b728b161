/**
 * The classifier's features: identity terms are left out, and the gap they leave is not bridged, so naming a group
 * (or which group) cannot move a score.
 */
import { describe, expect, it } from 'vitest';
import { features, MODEL_CATEGORIES, scoreText } from './model.ts';
import { normalise } from './normalise.ts';

const feats = (text: string) => features(normalise(text), []);

describe('model features', () => {
  it('an identity term adds no feature and joins no words across its place', () => {
    // "is a" ends the sentence, so it has an end-of-sentence bigram; "is a lesbian" must not turn "a" into that.
    expect(feats('Ling is a happy lesbian')).toEqual(feats('Ling is a happy').slice(0, -1));
    // In "happy people" the features of "happy" come first, then "people" and the bigram "happy people".
    const bigram = feats('happy people')[feats('happy').length];
    expect(feats('happy people')).toContain(bigram);
    expect(feats('happy lesbian people')).not.toContain(bigram);
  });

  it.each([
    ['Elizabeth is a kind lesbian', 'Elizabeth is a kind Muslim'],
    ['Immigrants built this country.', 'Catholics built this country.'],
    ['My neighbour is a gay veteran.', 'My neighbour is a deaf veteran.'],
  ])('swapping the group named leaves every score unchanged: %s / %s', (a, b) => {
    expect(scoreText(normalise(a))).toEqual(scoreText(normalise(b)));
  });

  it('every category has a trained model', () => {
    const s = scoreText(normalise('you are an idiot'));
    expect(s).toHaveLength(MODEL_CATEGORIES.length);
    expect(s.every((x) => x > 0 && x < 1)).toBe(true);
  });
});
