// SMTP server for the browser journeys: the production build sends real
// email, and the specs read it from this process over HTTP
// (GET /messages?to=address, newest last).
import { createServer } from "node:http";
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";

const smtpPort = Number(process.argv[2]);
const httpPort = Number(process.argv[3]);
const messages: Array<{ to: string[]; subject: string; text: string }> = [];

const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ["STARTTLS"],
  logger: false,
  onData(stream, _session, callback) {
    simpleParser(stream)
      .then((mail) => {
        const to = [mail.to ?? []]
          .flat()
          .flatMap((address) => address.value.map((entry) => entry.address?.toLowerCase() ?? ""));
        messages.push({ to, subject: mail.subject ?? "", text: mail.text ?? "" });
        callback();
      })
      .catch(callback);
  },
});
smtp.listen(smtpPort, "127.0.0.1");

createServer((request, response) => {
  const url = new URL(request.url ?? "/", "http://127.0.0.1");
  const to = url.searchParams.get("to")?.toLowerCase();
  const found = to ? messages.filter((message) => message.to.includes(to)) : messages;
  response.setHeader("content-type", "application/json");
  response.end(JSON.stringify(found));
}).listen(httpPort, "127.0.0.1", () => console.log(`mail catcher: smtp ${smtpPort}, http ${httpPort}`));
