import type { ExampleBody, ExampleHeader, ExampleRequest, FormField } from './request.js';
import type { LocatedString } from './value.js';

/** A shell word after quote removal, with where each of its characters was written. */
interface Word extends LocatedString {
  end: number;
}

interface Command {
  words: Word[];
  /** Text fed to stdin by a heredoc (`<<EOF`) or here-string (`<<<`). */
  stdin?: LocatedString;
}

/**
 * Splits shell text into commands of words, the way bash would for the subset docs use: quotes
 * ('', "", $''), backslash escapes and line continuations, comments, `;` `&&` `||` `|` and
 * newlines between commands, `$( ... )`, redirections, heredocs and here-strings.
 */
export function shellCommands(text: string): Command[] {
  const commands: Command[] = [];
  let words: Word[] = [];
  let stdin: LocatedString | undefined;
  let word: { text: string; offsets: number[]; start: number } | undefined;
  const pendingHeredocs: Array<{ delimiter: string; stripTabs: boolean }> = [];
  let redirect: 'in' | 'out' | 'herestring' | undefined;

  const finishWord = (end: number) => {
    if (!word) return;
    const w: Word = { text: word.text, offsets: [...word.offsets, end], offset: word.start, end };
    word = undefined;
    if (redirect === 'herestring') stdin = { text: w.text + '\n', offsets: [...w.offsets, end], offset: w.offset };
    else if (!redirect) words.push(w);
    redirect = undefined;
  };
  const finishCommand = () => {
    if (words.length) commands.push({ words, stdin });
    words = [];
    stdin = undefined;
  };
  const push = (ch: string, at: number) => {
    word ??= { text: '', offsets: [], start: at };
    word.text += ch;
    word.offsets.push(at);
  };

  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (ch === '\\' && text[i + 1] === '\n') {
      i += 2; // line continuation
    } else if (ch === '\\') {
      if (i + 1 < text.length) push(text[i + 1], i + 1);
      i += 2;
    } else if (ch === ' ' || ch === '\t') {
      finishWord(i);
      i++;
    } else if (ch === '\n') {
      finishWord(i);
      i++;
      // Heredoc bodies start on the line after the command that opened them.
      for (const h of pendingHeredocs.splice(0)) {
        let body = '';
        const offsets: number[] = [];
        const start = i;
        while (i < text.length) {
          const eol = text.indexOf('\n', i) === -1 ? text.length : text.indexOf('\n', i);
          const line = text.slice(i, eol);
          if ((h.stripTabs ? line.replace(/^\t+/, '') : line) === h.delimiter) {
            i = eol + 1;
            break;
          }
          for (let k = i; k < eol; k++) {
            body += text[k];
            offsets.push(k);
          }
          body += '\n';
          offsets.push(eol);
          i = eol + 1;
        }
        stdin = { text: body, offsets: [...offsets, Math.min(i, text.length)], offset: start };
      }
      finishCommand();
    } else if (ch === '#' && !word) {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (ch === "'") {
      word ??= { text: '', offsets: [], start: i };
      i++;
      while (i < text.length && text[i] !== "'") push(text[i], i++);
      i++;
    } else if (ch === '$' && text[i + 1] === "'") {
      word ??= { text: '', offsets: [], start: i };
      i += 2;
      const escapes: Record<string, string> = { n: '\n', t: '\t', r: '\r', "'": "'", '"': '"', '\\': '\\' };
      while (i < text.length && text[i] !== "'") {
        if (text[i] === '\\' && i + 1 < text.length) {
          push(escapes[text[i + 1]] ?? text[i + 1], i);
          i += 2;
        } else push(text[i], i++);
      }
      i++;
    } else if (ch === '"') {
      word ??= { text: '', offsets: [], start: i };
      i++;
      while (i < text.length && text[i] !== '"') {
        if (text[i] === '\\' && '"\\$`\n'.includes(text[i + 1] ?? '')) {
          if (text[i + 1] !== '\n') push(text[i + 1], i + 1);
          i += 2;
        } else push(text[i], i++);
      }
      i++;
    } else if (ch === '$' && text[i + 1] === '(' && text[i + 2] !== '(') {
      // Command substitution: its contents are a command of their own.
      finishWord(i);
      finishCommand();
      i += 2;
    } else if (ch === ';' || ch === '|' || ch === '&' || ch === '(' || ch === ')' || ch === '`') {
      finishWord(i);
      finishCommand();
      i += text[i + 1] === ch ? 2 : 1;
    } else if (ch === '<' && text.startsWith('<<<', i)) {
      finishWord(i);
      redirect = 'herestring';
      i += 3;
    } else if (ch === '<' && text[i + 1] === '<') {
      finishWord(i);
      const m = /^<<(-?)\s*(['"]?)([A-Za-z_][\w-]*)\2/.exec(text.slice(i));
      if (m) {
        pendingHeredocs.push({ delimiter: m[3], stripTabs: m[1] === '-' });
        i += m[0].length;
      } else i += 2;
    } else if ((ch === '<' || ch === '>') && !word) {
      redirect = ch === '<' ? 'in' : 'out';
      i += text[i + 1] === '>' ? 2 : 1;
    } else if (/\d/.test(ch) && !word && text[i + 1] === '>') {
      redirect = 'out'; // 2>/dev/null
      i += text[i + 2] === '>' ? 3 : 2;
      if (text[i] === '&') i++;
    } else {
      push(ch, i++);
    }
  }
  finishWord(text.length);
  finishCommand();
  return commands;
}

/** curl options that take a value (the next word, or the rest of a short-option cluster). */
const WITH_VALUE = new Set(
  (
    '-X --request -H --header -d --data --data-raw --data-binary --data-ascii --data-urlencode --json -u --user --url ' +
    '-o --output -w --write-out -A --user-agent -e --referer -b --cookie -c --cookie-jar -m --max-time --connect-timeout ' +
    '--retry --retry-delay --retry-max-time --max-redirs -x --proxy -F --form --form-string -T --upload-file ' +
    '--oauth2-bearer -K --config --cacert --capath --cert --key -E -r --range -z --time-cond --resolve --limit-rate ' +
    '-Y --speed-limit -y --speed-time --interface --dns-servers -D --dump-header --trace --trace-ascii --stderr ' +
    '--aws-sigv4 --proxy-user -U --variable --expand-url --expand-data --expand-header --url-query --unix-socket'
  ).split(' '),
);
const DATA = new Set(['-d', '--data', '--data-raw', '--data-binary', '--data-ascii', '--data-urlencode', '--json']);
const SHORT_WITH_VALUE = new Set([...WITH_VALUE].filter((o) => /^-[A-Za-z]$/.test(o)).map((o) => o[1]));

/** Every curl invocation in a shell code block. */
export function curlRequests(text: string): ExampleRequest[] {
  const out: ExampleRequest[] = [];
  for (const command of shellCommands(text)) {
    let k = 0;
    // Skip a prompt, env assignments and wrappers: `$ FOO=1 sudo curl ...`.
    while (k < command.words.length && /^(\$|>|%|sudo|env|time|command|[A-Za-z_]\w*=.*)$/.test(command.words[k].text)) k++;
    const head = command.words[k];
    if (!head || !/^curl(\.exe)?$/.test(head.text)) continue;
    out.push(curlRequest(command, k, head));
  }
  return out;
}

function curlRequest(command: Command, start: number, head: Word): ExampleRequest {
  const words = command.words;
  const headers: ExampleHeader[] = [];
  const data: Array<{ option: string; word: Word; value: Word }> = [];
  const form: Array<{ option: string; value: Word }> = [];
  let upload: Word | undefined;
  let headersUnknown = false;
  let method: ExampleRequest['method'];
  let url: ExampleRequest['url'];
  let forceGet = false;
  let headOnly = false;
  let optionsDone = false;

  const takeOption = (option: string, value: Word | undefined, optionWord: Word) => {
    if (!value) return;
    if (option === '-X' || option === '--request') method = { value: value.text, offset: value.offset };
    else if (option === '-H' || option === '--header') {
      const colon = value.text.indexOf(':');
      if (colon > 0 && !/^[@$]/.test(value.text)) headers.push({ name: value.text.slice(0, colon).trim(), value: value.text.slice(colon + 1).trim(), offset: value.offset });
      else headersUnknown = true; // -H @file, -H "$AUTH_HEADER"
    } else if (option === '-F' || option === '--form' || option === '--form-string') {
      form.push({ option, value });
    } else if (option === '-T' || option === '--upload-file') {
      upload = value;
    } else if (option === '-K' || option === '--config') {
      headersUnknown = true;
    } else if (DATA.has(option)) {
      data.push({ option, word: optionWord, value });
      if (option === '--json') {
        headers.push({ name: 'Content-Type', value: 'application/json', offset: optionWord.offset });
      }
    } else if (option === '-u' || option === '--user') {
      headers.push({ name: 'Authorization', value: `Basic \${${value.text}}`, offset: optionWord.offset });
    } else if (option === '--oauth2-bearer') {
      headers.push({ name: 'Authorization', value: `Bearer ${value.text}`, offset: optionWord.offset });
    } else if (option === '--url') url = { value: value.text, offset: value.offset };
  };

  for (let k = start + 1; k < words.length; k++) {
    const w = words[k];
    const t = w.text;
    if (!optionsDone && t === '--') {
      optionsDone = true;
    } else if (!optionsDone && t.startsWith('--')) {
      if (t === '--get') forceGet = true;
      else if (t === '--head') headOnly = true;
      else if (WITH_VALUE.has(t)) takeOption(t, words[++k], w);
    } else if (!optionsDone && t.startsWith('-') && t.length > 1) {
      // A cluster of short options: -sS, -XPOST, -sX POST, -H'...'.
      for (let c = 1; c < t.length; c++) {
        const letter = t[c];
        if (letter === 'G') forceGet = true;
        else if (letter === 'I') headOnly = true;
        if (SHORT_WITH_VALUE.has(letter)) {
          let value: Word | undefined;
          if (c + 1 < t.length) {
            value = { text: t.slice(c + 1), offsets: w.offsets.slice(c + 1), offset: w.offsets[c + 1], end: w.end };
          } else value = words[++k];
          takeOption(`-${letter}`, value, w);
          break;
        }
      }
    } else if (!url) {
      url = { value: t, offset: w.offset };
    }
  }

  let body: ExampleBody | undefined;
  const contentType = headers.find((h) => h.name.toLowerCase() === 'content-type')?.value?.toLowerCase();
  if (form.length) {
    body = formFields('multipart/form-data', form[0].value.offset, '-F', form.map((f) => curlFormField(f.value, f.option === '--form-string')));
  } else if (upload) {
    body = { kind: 'unknown', offset: upload.offset, why: `uploads ${upload.text}` };
  } else if (data.length && !forceGet) {
    const first = data[0];
    const urlencoded = contentType?.includes('x-www-form-urlencoded');
    if (data.some((d) => d.option === '--data-urlencode')) {
      // --data-urlencode name=content | name@file | =content | content: names only where written.
      body = formFields('application/x-www-form-urlencoded', first.value.offset, '--data-urlencode', data.flatMap((d) => urlencodedFields(d.value, d.option === '--data-urlencode')));
    } else if (data.length === 1 && first.value.text.startsWith('@')) {
      const source = first.value.text.slice(1);
      body =
        source === '-' && command.stdin
          ? { kind: 'text', text: command.stdin }
          : { kind: 'unknown', offset: first.value.offset, why: `read from ${source === '-' ? 'stdin' : source}` };
    } else {
      // curl joins several -d values with '&'.
      const text = data.map((d) => d.value.text).join('&');
      const offsets = data.flatMap((d, n) => [...d.value.offsets.slice(0, d.value.text.length), ...(n < data.length - 1 ? [d.value.end] : [])]);
      const joined = data.length === 1 ? first.value : { text, offsets: [...offsets, data[data.length - 1].value.end], offset: first.value.offset };
      const json = contentType?.includes('json') || data.some((d) => d.option === '--json');
      if (/^\s*\$\{?[A-Za-z_]\w*\}?\s*$/.test(text) || (/\$\(|`|\$\{?[A-Za-z_]/.test(text) && !isJson(text))) {
        // A variable, or a text that is JSON only once the shell expands it (`"{\"p\": $(cat w.json)}"`).
        body = { kind: 'unknown', offset: first.value.offset, why: 'shell expansion' };
      } else if (!json && (urlencoded || (contentType === undefined && FORM_TEXT.test(text)))) {
        // No JSON content type: curl sends -d as application/x-www-form-urlencoded.
        body = formFields('application/x-www-form-urlencoded', first.value.offset, '-d', data.flatMap((d) => urlencodedFields(d.value, false)));
      } else if (contentType !== undefined && !contentType.includes('json')) {
        body = { kind: 'unknown', offset: first.value.offset, why: `sent as ${contentType}` };
      } else {
        body = { kind: 'text', text: joined };
      }
    }
  }
  const impliedMethod = headOnly ? 'HEAD' : forceGet ? 'GET' : data.length || form.length ? 'POST' : upload ? 'PUT' : 'GET';
  return { client: 'curl', offset: head.offset, method, impliedMethod, url, headers, body, ...(headersUnknown ? { headersUnknown } : {}) };
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** `a=b&c=d`: form fields, not a JSON document (names are plain words, maybe with `[]`). */
const FORM_TEXT = /^[\w.\-[\]%]+=[^&]*(?:&[\w.\-[\]%]+=[^&]*)*$/;

function formFields(encoding: 'multipart/form-data' | 'application/x-www-form-urlencoded', offset: number, via: string, fields: Array<FormField | undefined>): ExampleBody {
  const known = fields.filter((f): f is FormField => f !== undefined);
  return { kind: 'form', encoding, offset, via, fields: known, ...(known.length < fields.length ? { open: true } : {}) };
}

/** `-F name=value`, `-F name=@file;type=x`, `-F name=<file`; undefined when the name is unknown. */
function curlFormField(value: Word, plain: boolean): FormField | undefined {
  const eq = value.text.indexOf('=');
  if (eq <= 0) return undefined;
  const name = value.text.slice(0, eq);
  if (/[$`]/.test(name)) return undefined;
  const rest = value.text.slice(eq + 1);
  return { name, offset: value.offset, ...(!plain && rest.startsWith('@') ? { file: true } : {}) };
}

/** The fields of one -d / --data-urlencode value; undefined entries: a field whose name is unknown. */
function urlencodedFields(value: Word, urlencodeOption: boolean): Array<FormField | undefined> {
  if (urlencodeOption) {
    const m = /^([^=@]*)[=@]/.exec(value.text);
    return [m && m[1] !== '' && !/[$`]/.test(m[1]) ? { name: m[1], offset: value.offset } : undefined];
  }
  const out: Array<FormField | undefined> = [];
  let at = 0;
  for (const part of value.text.split('&')) {
    const eq = part.indexOf('=');
    const raw = eq === -1 ? part : part.slice(0, eq);
    let name: string | undefined;
    try {
      name = decodeURIComponent(raw.replace(/\+/g, ' '));
    } catch {
      name = raw;
    }
    if (part !== '') out.push(eq > 0 && !/[$`]/.test(name) ? { name, offset: value.offsets[at] ?? value.offset } : undefined);
    at += part.length + 1;
  }
  return out;
}
