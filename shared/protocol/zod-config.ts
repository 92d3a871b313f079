/**
 * Zod without eval. The page runs under a Content-Security-Policy without 'unsafe-eval'
 * (signal-server/http-headers.ts); zod 4 probes for eval with `new Function('')` the first time it
 * parses an object, and the browser reports that probe as a violation even though zod catches it.
 * `jitless` turns the probe (and the eval-compiled fast path) off. Import this module before any
 * schema is used: first in the page's entry, and through names.ts everywhere else.
 */
import { z } from 'zod';

z.config({ jitless: true });
