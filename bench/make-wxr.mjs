// Writes a realistic WordPress export (WXR 1.2) of N posts with M comments in all, streamed to disk.
// Threads are nested (about a third of comments are replies), some spam, trash, pending and pingbacks,
// a few thousand commenters (many returning), HTML in bodies. Deterministic for a given seed.
// usage: node bench/make-wxr.mjs OUT.xml [--posts 1000] [--comments 100000] [--seed 1]
import fs from 'node:fs';

const args = process.argv.slice(2);
const out = args.find((a) => !a.startsWith('--')) ?? 'bench/data/big.wxr.xml';
const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const POSTS = opt('posts', 1000);
const COMMENTS = opt('comments', 100000);
let seed = opt('seed', 1);
const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
const pick = (a) => a[Math.floor(rand() * a.length)];

const FIRST = ['Anna', 'Ben', 'Chloe', 'Dev', 'Eleni', 'Farid', 'Grace', 'Hugh', 'Isla', 'Jonas', 'Kemi', 'Liam', 'Maya', 'Niall', 'Orla', 'Pavel', 'Quinn', 'Rosa', 'Sami', 'Tess'];
const LAST = ['Adams', 'Bose', 'Carter', 'Doyle', 'Evans', 'Fischer', 'Gupta', 'Hughes', 'Ito', 'Jones', 'Khan', 'Lopez', 'Murphy', 'Nowak', 'Okoro', 'Patel', 'Reid', 'Silva', 'Turner', 'Walsh'];
const WORDS = 'the council budget minister report figures housing transport schools hospital waiting lists rail fares energy bills inflation wages rents planning election vote party policy evidence survey data local national regional growth cuts spending tax'.split(' ');
const sentence = (n) => {
  const w = Array.from({ length: n }, () => pick(WORDS));
  w[0] = w[0][0].toUpperCase() + w[0].slice(1);
  return w.join(' ') + '.';
};
const paragraph = () => Array.from({ length: 2 + Math.floor(rand() * 4) }, () => sentence(6 + Math.floor(rand() * 12))).join(' ');
const commenterCount = Math.max(50, Math.round(COMMENTS / 12));
const commenters = Array.from({ length: commenterCount }, (_, i) => {
  const name = `${pick(FIRST)} ${pick(LAST)}`;
  return { name, email: i % 17 === 0 ? '' : `${name.toLowerCase().replace(' ', '.')}${i}@example.org` };
});

const stream = fs.createWriteStream(out);
const write = (s) => (stream.write(s) ? Promise.resolve() : new Promise((r) => stream.once('drain', r)));
const cdata = (s) => `<![CDATA[${s.replace(/]]>/g, ']]]]><![CDATA[>')}]]>`;
const fmt = (d) => d.toISOString().slice(0, 19).replace('T', ' ');

await write(`<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:wfw="http://wellformedweb.org/CommentAPI/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
	<title>Bench Gazette</title>
	<link>https://bench.example</link>
	<description>A big export for the import benchmark</description>
	<language>en-GB</language>
	<wp:wxr_version>1.2</wp:wxr_version>
	<wp:base_site_url>https://bench.example</wp:base_site_url>
	<wp:base_blog_url>https://bench.example</wp:base_blog_url>
`);
const authors = ['alice', 'bram', 'cora', 'dan'];
for (const [i, a] of authors.entries()) {
  await write(`	<wp:author><wp:author_id>${i + 1}</wp:author_id><wp:author_login>${cdata(a)}</wp:author_login><wp:author_email>${cdata(`${a}@bench.example`)}</wp:author_email><wp:author_display_name>${cdata(a[0].toUpperCase() + a.slice(1) + ' Writer')}</wp:author_display_name></wp:author>\n`);
}
let commentId = 1;
const start = Date.UTC(2019, 0, 1);
for (let p = 0; p < POSTS; p++) {
  const id = 1000 + p;
  const date = new Date(start + p * 36 * 3600_000);
  const slug = `bench-post-${p}-${pick(WORDS)}`;
  const perPost = Math.floor(COMMENTS / POSTS) + (p < COMMENTS % POSTS ? 1 : 0);
  const tag = pick(WORDS);
  let item = `	<item>
		<title>${cdata(`${sentence(5).slice(0, -1)} (${p})`)}</title>
		<link>https://bench.example/${date.getUTCFullYear()}/${String(date.getUTCMonth() + 1).padStart(2, '0')}/${slug}/</link>
		<pubDate>${date.toUTCString().replace('GMT', '+0000')}</pubDate>
		<dc:creator>${cdata(pick(authors))}</dc:creator>
		<guid isPermaLink="false">https://bench.example/?p=${id}</guid>
		<description></description>
		<content:encoded>${cdata(`${paragraph()}\n\n<strong>${sentence(4)}</strong> <a href="https://news.example/${p}">${sentence(3)}</a>\n\n<blockquote>${sentence(10)}</blockquote>\n\n${paragraph()}`)}</content:encoded>
		<excerpt:encoded>${cdata(sentence(12))}</excerpt:encoded>
		<wp:post_id>${id}</wp:post_id>
		<wp:post_date>${cdata(fmt(date))}</wp:post_date>
		<wp:post_date_gmt>${cdata(fmt(date))}</wp:post_date_gmt>
		<wp:comment_status>${cdata('open')}</wp:comment_status>
		<wp:post_name>${cdata(slug)}</wp:post_name>
		<wp:status>${cdata('publish')}</wp:status>
		<wp:post_parent>0</wp:post_parent>
		<wp:post_type>${cdata('post')}</wp:post_type>
		<category domain="post_tag" nicename="${tag}">${cdata(tag)}</category>
`;
  const ids = [];
  for (let c = 0; c < perPost; c++) {
    const cid = commentId++;
    const who = commenters[Math.floor(Math.pow(rand(), 2) * commenters.length)];
    const r = rand();
    const approved = r < 0.03 ? 'spam' : r < 0.04 ? 'trash' : r < 0.06 ? '0' : '1';
    const type = rand() < 0.01 ? 'pingback' : 'comment';
    const parent = ids.length && rand() < 0.35 ? ids[Math.floor(rand() * ids.length)] : 0;
    ids.push(cid);
    const cdate = new Date(date.getTime() + (c + 1) * 97_000);
    const body = rand() < 0.2 ? `${sentence(8)}\n\n<em>${sentence(5)}</em> &amp; ${sentence(6)}` : `${sentence(6 + Math.floor(rand() * 20))} ${sentence(8)}`;
    item += `		<wp:comment>
			<wp:comment_id>${cid}</wp:comment_id>
			<wp:comment_author>${cdata(who.name)}</wp:comment_author>
			<wp:comment_author_email>${cdata(who.email)}</wp:comment_author_email>
			<wp:comment_author_url></wp:comment_author_url>
			<wp:comment_author_IP>${cdata('203.0.113.' + (cid % 250))}</wp:comment_author_IP>
			<wp:comment_date>${cdata(fmt(cdate))}</wp:comment_date>
			<wp:comment_date_gmt>${cdata(fmt(cdate))}</wp:comment_date_gmt>
			<wp:comment_content>${cdata(body)}</wp:comment_content>
			<wp:comment_approved>${cdata(approved)}</wp:comment_approved>
			<wp:comment_type>${cdata(type)}</wp:comment_type>
			<wp:comment_parent>${parent}</wp:comment_parent>
			<wp:comment_user_id>0</wp:comment_user_id>
		</wp:comment>
`;
  }
  item += '	</item>\n';
  await write(item);
}
await write('</channel>\n</rss>\n');
await new Promise((r) => stream.end(r));
console.error(`wrote ${out}: ${POSTS} posts, ${COMMENTS} comments, ${(fs.statSync(out).size / 1e6).toFixed(1)} MB`);
