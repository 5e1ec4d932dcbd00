// The official OpenAI SDK against `ct serve`: prints one JSON object with what each call
// returned, for tst_serve to check. Usage: OPENAI_API_KEY=KEY node openai_client.mjs BASE_URL
// (the key in the environment, never on the command line where ps shows it).
import OpenAI from "openai";

const [baseURL] = process.argv.slice(2);
const apiKey = process.env.OPENAI_API_KEY;
const client = new OpenAI({ baseURL, apiKey, maxRetries: 0, timeout: 60000 });
const out = {};

const models = await client.models.list();
out.models = models.data.map((m) => m.id);
const model = out.models[0];

const plain = await client.chat.completions.create({
  model,
  messages: [{ role: "user", content: "What is 17 + 5?" }],
  temperature: 0,
});
out.plain = { text: plain.choices[0].message.content, finish: plain.choices[0].finish_reason, usage: plain.usage, object: plain.object };

const stream = await client.chat.completions.create({
  model,
  messages: [{ role: "user", content: "What is 20 - 6?" }],
  temperature: 0,
  stream: true,
  stream_options: { include_usage: true },
});
let text = "";
let finish = null;
let usage = null;
let chunks = 0;
for await (const chunk of stream) {
  chunks++;
  if (chunk.usage) usage = chunk.usage;
  for (const c of chunk.choices) {
    if (c.delta?.content) text += c.delta.content;
    if (c.finish_reason) finish = c.finish_reason;
  }
}
out.stream = { text, finish, usage, chunks };

const comp = await client.completions.create({ model, prompt: "What is 1 + 1?", echo: true, logprobs: 1, max_tokens: 1, temperature: 0 });
const lp = comp.choices[0].logprobs;
out.completion = { text: comp.choices[0].text, tokens: lp.tokens, token_logprobs: lp.token_logprobs, top_logprobs: lp.top_logprobs, usage: comp.usage };

try {
  const bad = new OpenAI({ baseURL, apiKey: "sk-wrong", maxRetries: 0 });
  await bad.models.list();
  out.wrongKey = "accepted";
} catch (e) {
  out.wrongKey = e instanceof OpenAI.AuthenticationError ? "AuthenticationError" : `${e.constructor.name}: ${e.status}`;
}

try {
  await client.chat.completions.create({ model, messages: [{ role: "user", content: "x ".repeat(2000) }] });
  out.tooLong = "accepted";
} catch (e) {
  out.tooLong = { status: e.status, code: e.code, type: e.constructor.name };
}

console.log(JSON.stringify(out));
