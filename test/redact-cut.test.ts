// Text cut to fit a message shows no piece of a secret: the answer's last pass masks a secret value
// where it stands whole, so a message that keeps the first 59 characters of a command must not end
// inside one (src/escape.ts cutAtBlank). Every canary holds "Canary" followed by a letter, as in
// test/redact.test.ts, so a partial leak is found too.
import t from 'tap';
import { cutAtBlank } from '../src/escape.js';
import { showsNoSecret } from './helpers/answers.js';

const LEAK = /Canary[A-Za-z]/;

t.test('text is cut at a blank, never inside a word, and says it was cut', async (t) => {
  t.equal(cutAtBlank('short enough', 12), 'short enough');
  t.equal(cutAtBlank('one two three', 12), 'one two…');
  t.equal(cutAtBlank('one two  three', 9), 'one two…', 'the blanks before the cut dropped');
  t.equal(cutAtBlank('one two three', 8), 'one two…', 'a word that ends at the limit kept');
  t.equal(cutAtBlank('onetwothree four', 8), '…', 'a first word longer than the limit left out');
  for (let max = 2; max < 40; max++) {
    const cut = cutAtBlank('aa bbb cccc ddddd eeeeee fffffff', max);
    t.ok(cut.length <= max, `${max}: at most the limit`);
    t.match(cut, /^((\w+ )*\w+)?…$|^aa bbb cccc ddddd eeeeee fffffff$/, `${max}: whole words`);
  }
});

t.test('a message that cuts a command shows no piece of a secret in it', async (t) => {
  const pad = 'x'.repeat(40);
  const commands = [
    // command-cut: the words after `;` that Compose drops, a secret among them
    `environment:\n      DB_PASSWORD: CanarySecretValue99\n    command: "run ; echo ${pad} CanarySecretValue99"`,
    `command: "run && psql --password=CanarySecretValue99${pad}"`,
    // dev-command-in-production: the command line, a secret flag at its end
    `command: "npm run dev -- --flag ${pad.slice(10)} --db-password=CanaryLongSecretValue"`,
  ];
  for (const command of commands) {
    const compose = `services:\n  web:\n    image: node:20\n    ${command}\n`;
    const answers = showsNoSecret(t, { 'compose.yaml': compose }, LEAK, command.slice(0, 30));
    t.match(answers.map(([, b]) => b).join('\n'), /command-cut|dev-command-in-production/, 'the message is there');
  }
});

t.test('a secret with blanks cut after any of its words shows none of them, in every answer', async (t) => {
  // the pad moves the cut (at 60 characters for command-cut, 80 for dev-command-in-production) over
  // every word of the secret: the masker knows the value whole, the message holds its first words
  const shapes = [
    (pad: string) => `command: "run ; echo ${pad} && redis-server --requirepass \\"CanaryOne CanaryTwo CanaryThree\\""`,
    (pad: string) =>
      `command: ["npm", "run", "dev", "--", "${pad}", "PASSWORD=CanaryOne CanaryTwo CanaryThree CanaryFour"]`,
    (pad: string) =>
      `environment:\n      DB_PASSWORD: "CanaryOne\\tCanaryTwo CanaryThree"\n    command: "run ; echo ${pad} CanaryOne\\tCanaryTwo CanaryThree"`,
  ];
  let cut = 0;
  for (const shape of shapes)
    for (let n = 1; n <= 40; n += 3) {
      const compose = `services:\n  web:\n    image: node:20\n    ${shape('x'.repeat(n))}\n`;
      const answers = showsNoSecret(t, { 'compose.yaml': compose }, LEAK, `${shape('').slice(0, 40)} (pad ${n})`);
      const all = answers.map(([, b]) => b).join('\n');
      t.match(all, /command-cut|dev-command-in-production/, 'the message is there');
      if (/\*{8}…/.test(all)) cut++;
    }
  t.ok(cut >= 20, `${cut} messages cut inside the secret`);
});
