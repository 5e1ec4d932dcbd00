// Client libraries other than the chat-completions path of the official SDK, against `ct serve`:
// the official SDK's Responses API and the Vercel AI SDK (whose default model call posts to
// /v1/responses, and whose chat model sends stop sequences). Prints one JSON object for
// tst_serve_hardening. Usage: OPENAI_API_KEY=KEY node sdk_clients.mjs BASE_URL MODEL (the key in
// the environment, never on the command line where ps shows it).
import OpenAI from "openai";
import { createOpenAI } from "@ai-sdk/openai";
import { generateText, streamText } from "ai";

const [baseURL, model] = process.argv.slice(2);
const apiKey = process.env.OPENAI_API_KEY;
const out = {};

const client = new OpenAI({ baseURL, apiKey, maxRetries: 0, timeout: 60000 });
const plain = await client.responses.create({ model, input: "What is 17 + 5?", temperature: 0, max_output_tokens: 16 });
out.responses = { text: plain.output_text, status: plain.status, usage: plain.usage };

const stream = await client.responses.create({ model, input: [{ role: "user", content: "What is 20 - 6?" }], temperature: 0, stream: true });
const types = [];
let streamed = "";
for await (const event of stream) {
  types.push(event.type);
  if (event.type === "response.output_text.delta") streamed += event.delta;
}
out.responsesStream = { text: streamed, types };

const provider = createOpenAI({ baseURL, apiKey });
const viaResponses = await generateText({ model: provider(model), prompt: "What is 9 - 4?", temperature: 0, maxRetries: 0 });
out.aiSdk = { text: viaResponses.text, finish: viaResponses.finishReason, usage: viaResponses.usage };

const chatStop = await generateText({
  model: provider.chat(model),
  messages: [{ role: "user", content: "Tom has 3 apples and buys 4 more. How many apples does he have now?" }],
  temperature: 0,
  stopSequences: ["="],
  maxRetries: 0,
});
out.aiSdkChatStop = { text: chatStop.text, finish: chatStop.finishReason };

const streamedText = streamText({ model: provider(model), prompt: "What is 8 + 7?", temperature: 0, maxRetries: 0 });
let aiStreamed = "";
for await (const part of streamedText.textStream) aiStreamed += part;
out.aiSdkStream = { text: aiStreamed, finish: await streamedText.finishReason };

console.log(JSON.stringify(out));
