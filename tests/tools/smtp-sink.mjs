// A real SMTP server for the mail tests (npm smtp-server): it listens on 127.0.0.1, offers STARTTLS with the
// package's self-signed certificate, refuses AUTH before TLS and any login but the one given, and writes every
// accepted message as <n>.eml into the folder given, beside <n>.json with the envelope and whether TLS was on.
// Usage: node smtp-sink.mjs <folder> <user> <password> [<key.pem> <cert.pem>]   Prints "listening <port>" once ready;
// stops when its stdin closes. Without a key and certificate, STARTTLS uses the package's own self-signed pair.
import { SMTPServer } from 'smtp-server';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const [folder, user, password, keyFile, certFile] = process.argv.slice(2);
if (!folder || !user || !password) {
  console.error('usage: node smtp-sink.mjs <folder> <user> <password>');
  process.exit(2);
}

mkdirSync(folder, { recursive: true });
let count = 0;
const tls = keyFile && certFile ? { key: readFileSync(keyFile), cert: readFileSync(certFile) } : {};
const server = new SMTPServer({
  ...tls,
  secure: false,
  authMethods: ['PLAIN', 'LOGIN'],
  allowInsecureAuth: false,
  logger: false,
  size: 10 * 1024 * 1024,
  onAuth(auth, session, callback) {
    if (auth.username === user && auth.password === password) {
      callback(null, { user: auth.username });
    } else {
      callback(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
    }
  },
  onMailFrom(address, session, callback) {
    if (!session.user) {
      callback(Object.assign(new Error('Authentication required'), { responseCode: 530 }));
      return;
    }
    callback();
  },
  onData(stream, session, callback) {
    const chunks = [];
    stream.on('data', (chunk) => chunks.push(chunk));
    stream.on('end', () => {
      count += 1;
      writeFileSync(join(folder, `${count}.eml`), Buffer.concat(chunks));
      writeFileSync(join(folder, `${count}.json`), JSON.stringify({
        from: session.envelope.mailFrom && session.envelope.mailFrom.address,
        to: session.envelope.rcptTo.map((r) => r.address),
        secure: session.secure,
        user: session.user,
      }));
      callback(null, `queued as ${count}`);
    });
  },
});

server.on('error', (error) => console.error(error.message));
server.listen(0, '127.0.0.1', () => {
  console.log(`listening ${server.server.address().port}`);
});
process.stdin.resume();
process.stdin.on('end', () => server.close(() => process.exit(0)));
