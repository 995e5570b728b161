import { describe, expect, it } from 'vitest';
import { videoFromUrl } from './embeds.ts';

describe('videoFromUrl', () => {
  it.each([
    ['https://www.youtube.com/watch?v=Qm7tR2vLx9K', { kind: 'youtube', id: 'Qm7tR2vLx9K' }],
    ['https://youtu.be/Qm7tR2vLx9K', { kind: 'youtube', id: 'Qm7tR2vLx9K' }],
    ['https://www.youtube.com/embed/Qm7tR2vLx9K', { kind: 'youtube', id: 'Qm7tR2vLx9K' }],
    ['https://vimeo.com/123456789', { kind: 'vimeo', id: '123456789' }],
    ['https://player.vimeo.com/video/123456789', { kind: 'vimeo', id: '123456789' }],
    ['https://cdn.partner.example/clip.mp4', { kind: 'mp4', url: 'https://cdn.partner.example/clip.mp4' }],
    ['http://cdn.partner.example/clip.mp4', null],
    ['https://www.youtube.com/watch?v=bad"id', null],
    ['https://evil.example/player?v=Qm7tR2vLx9K', null],
    ['javascript:alert(1)', null],
    ['not a url', null],
  ])('%s', (url, expected) => {
    const video = videoFromUrl(url, 'Credit');
    expect(video).toEqual(expected && { ...expected, credit: 'Credit' });
  });
});
