// A small authoritative DNS server for the resolver kernel test: answers UDP queries from a table
// { "name.": { "A": { rcode, answers: [{ type, value }] }, "AAAA": { … } } } (what CoreDNS would answer for the
// scenario), NXDOMAIN for names not in it, and prints "name TYPE" for every query it receives, in order.
import dgram from "node:dgram";
import fs from "node:fs";

const [address, tableFile] = process.argv.slice(2);
const table = JSON.parse(fs.readFileSync(tableFile, "utf8"));
const TYPES = { 1: "A", 5: "CNAME", 28: "AAAA", 33: "SRV" };
const CODES = { A: 1, CNAME: 5, AAAA: 28 };
const RCODES = { NOERROR: 0, SERVFAIL: 2, NXDOMAIN: 3, REFUSED: 5 };

function readName(msg, offset) {
  const labels = [];
  let i = offset;
  while (msg[i] !== 0) {
    labels.push(msg.subarray(i + 1, i + 1 + msg[i]).toString("latin1"));
    i += msg[i] + 1;
  }
  return { name: `${labels.join(".").toLowerCase()}.`, end: i + 1 };
}

function encodeName(name) {
  const parts = name.replace(/\.$/, "").split(".").filter(Boolean);
  return Buffer.concat([
    ...parts.map((p) => Buffer.concat([Buffer.from([p.length]), Buffer.from(p, "latin1")])),
    Buffer.from([0]),
  ]);
}

function rdata(type, value) {
  if (type === "A") return Buffer.from(value.split(".").map(Number));
  if (type === "AAAA") {
    const [head, tail = ""] = value.split("::");
    const h = head ? head.split(":") : [];
    const t = tail ? tail.split(":") : [];
    const groups = value.includes("::") ? [...h, ...Array(8 - h.length - t.length).fill("0"), ...t] : h;
    return Buffer.from(groups.flatMap((g) => [parseInt(g, 16) >> 8, parseInt(g, 16) & 255]));
  }
  return encodeName(value);
}

const socket = dgram.createSocket("udp4");
socket.on("message", (msg, peer) => {
  const { name, end } = readName(msg, 12);
  const qtype = msg.readUInt16BE(end);
  const type = TYPES[qtype] ?? String(qtype);
  process.stdout.write(`${name} ${type}\n`);
  const entry = table[name]?.[type] ?? { rcode: "NXDOMAIN", answers: [] };
  const question = msg.subarray(12, end + 4);
  let owner = name;
  const records = entry.answers.map((a) => {
    const data = rdata(a.type, a.value);
    const head = Buffer.alloc(10);
    head.writeUInt16BE(CODES[a.type], 0);
    head.writeUInt16BE(1, 2);
    head.writeUInt32BE(30, 4);
    head.writeUInt16BE(data.length, 8);
    const record = Buffer.concat([encodeName(owner), head, data]);
    if (a.type === "CNAME") owner = a.value;
    return record;
  });
  const header = Buffer.alloc(12);
  header.writeUInt16BE(msg.readUInt16BE(0), 0);
  header.writeUInt16BE(0x8580 | (RCODES[entry.rcode] ?? 2), 2);
  header.writeUInt16BE(1, 4);
  header.writeUInt16BE(records.length, 6);
  socket.send(Buffer.concat([header, question, ...records]), peer.port, peer.address);
});
socket.bind(53, address, () => process.stdout.write("ready\n"));
