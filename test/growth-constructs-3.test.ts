// Cost grows linearly with the input (issue 11): part 3 of 3 of the constructs of test/helpers/worst.ts,
// each timed at n and 4n through every route's work (see test/helpers/growth-constructs.ts).
import t from 'tap';
import { constructTests } from './helpers/growth-constructs.js';

constructTests(t, 2, 3);
