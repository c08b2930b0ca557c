// autocannon's setupRequest for its worker thread (which loads it with require, hence CommonJS):
// each request is a fresh `/iap status …` slash command, signed as Slack signs it, so the
// signing work happens off the event loop of the apps being measured.
const { createHmac } = require("node:crypto");

const QUESTIONS = ["status Milan", "status Kiev", "status HCMC", "status Chongqing", "status Lisbon"];
let sequence = 0;

module.exports = (request) => {
  const body = new URLSearchParams({
    team_id: "T1",
    channel_id: "C1",
    user_id: "U1",
    command: "/iap",
    text: QUESTIONS[sequence++ % QUESTIONS.length],
    api_app_id: "A1",
    response_url: process.env.BENCH_SLACK_RESPONSE_URL,
    trigger_id: "1.2.3",
  }).toString();
  const timestamp = Math.floor(Date.now() / 1000);
  const digest = createHmac("sha256", process.env.BENCH_SLACK_SIGNING_SECRET)
    .update(`v0:${timestamp}:${body}`)
    .digest("hex");
  return {
    ...request,
    body,
    headers: {
      ...request.headers,
      "content-type": "application/x-www-form-urlencoded",
      "x-slack-request-timestamp": String(timestamp),
      "x-slack-signature": `v0=${digest}`,
    },
  };
};
