// Most end-to-end tests run the built binary with spawnSync, so a test file can keep its worker's
// event loop busy for minutes without a turn. vitest's worker answers the runner's messages only
// on a turn, and gives up after 60 s ("Timeout calling onTaskUpdate"), which failed green runs on a
// loaded machine. One real turn before every test bounds the busy stretch to a single test.
import { beforeEach } from 'vitest';

beforeEach(() => new Promise<void>((resolve) => setTimeout(resolve, 1)));
