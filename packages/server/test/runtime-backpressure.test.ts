import { ObjectClass, type SearchResultsHandler } from '@rcskit/core';
import { describe, expect, it } from 'vitest';
import { customConnector, facadeFor, sleep, toObject } from './runtime-helpers.js';

// Enough items to fill the buffer many times over; the bound, not the count, is what the test shows.
const COUNT = 2_000;
const BUFFER = 16;

describe('producer buffer back-pressure', () => {
  it('never lets the connector run more than producerBufferSize + 2 items ahead of a slow consumer', async () => {
    let produced = 0;
    let consumed = 0;
    let maxAhead = 0;
    const empty = new Map<string, unknown[] | null>();
    const fast = customConnector('test.Fast', () => ({
      init() {},
      dispose() {},
      getConfiguration() {
        return undefined;
      },
      createFilterTranslator: () => ({ translate: () => [] }),
      async executeQuery(oc: ObjectClass, _q: unknown, handler: SearchResultsHandler) {
        for (let i = 0; i < COUNT; i++) {
          produced++;
          maxAhead = Math.max(maxAhead, produced - consumed);
          if (!(await handler.handle(toObject(oc, `u${i}`, empty)))) return;
        }
      },
    }));
    const facade = facadeFor(fast, (c) => {
      c.setProducerBufferSize(BUFFER);
      c.resultsHandlerConfiguration.enableFilteredResultsHandler = false;
    });
    await facade.search(ObjectClass.ACCOUNT, null, async () => {
      await sleep(1);
      consumed++;
      maxAhead = Math.max(maxAhead, produced - consumed);
      return true;
    });
    expect(consumed).toBe(COUNT);
    // Buffered items, plus the push waiting for room, plus the item the consumer is working on.
    expect(maxAhead).toBeLessThanOrEqual(BUFFER + 2);
    expect(maxAhead).toBeGreaterThanOrEqual(BUFFER);
    await facade.dispose();
  }, 30_000);
});
