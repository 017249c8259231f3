import { isIsoDate, metadataDatesOf } from './metadata-dates';

describe('isIsoDate', () => {
  it.each([
    '2024-02-29',
    '2024-01-31T10:00:00Z',
    '2024-01-31T10:00:00.123Z',
    '2024-01-31T10:00:00.123456789+05:30',
    '2024-01-31T23:30:00-18:00',
  ])('accepts %s', (value) => {
    expect(isIsoDate(value)).toBe(true);
  });

  it.each([
    ['a day the month does not have', '2024-02-30'],
    ['29 February outside a leap year', '2023-02-29'],
    ['month 13', '2024-13-01'],
    ['a date-time without an offset (no instant)', '2024-01-31T10:00:00'],
    ['hour 24', '2024-01-31T24:00:00Z'],
    ['an offset beyond ±18:00, which Elasticsearch rejects', '2024-01-31T10:00:00+18:30'],
    ['more than nine fraction digits, which Elasticsearch rejects', '2024-01-31T10:00:00.1234567891Z'],
    ['a date without zero padding', '2024-1-31'],
    ['a year, alone', '2024'],
    ['text around a date', 'due 2024-01-31'],
  ])('rejects %s', (_case, value) => {
    expect(isIsoDate(value)).toBe(false);
  });
});

describe('metadataDatesOf', () => {
  it('keeps the ISO-date strings under their keys and leaves out everything else', () => {
    expect(
      metadataDatesOf({
        published: '2024-03-01',
        reviewedAt: '2024-03-02T08:00:00+01:00',
        bogus: '2024-02-30',
        lang: 'en',
        year: 2024,
        draft: false,
      }),
    ).toEqual({ published: '2024-03-01', reviewedAt: '2024-03-02T08:00:00+01:00' });
  });

  it('is undefined when no value is a date, so chunks carry no empty object', () => {
    expect(metadataDatesOf({ lang: 'en' })).toBeUndefined();
    expect(metadataDatesOf({})).toBeUndefined();
  });
});
