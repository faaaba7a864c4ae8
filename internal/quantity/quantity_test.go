package quantity

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sitrep/sitrep/internal/text"
)

// show renders what Find read: "phrase=kind:low-high[qual,vague,article]>head".
func show(l *Lexicon, in string, skip func(toks []text.Token) []bool) string {
	d := text.Analyze(in)
	var parts []string
	for _, s := range d.Sentences {
		var mask []bool
		if skip != nil {
			mask = skip(s.Tokens)
		}
		for _, q := range l.Find(s.Tokens, mask) {
			parts = append(parts, render(d, s.Tokens, q))
		}
	}
	return strings.Join(parts, "; ")
}

func render(d *text.Doc, toks []text.Token, q Quantity) string {
	hi := "open"
	if q.High != nil {
		hi = fmt.Sprint(*q.High)
	}
	var flags []string
	if q.Qual != "" {
		flags = append(flags, q.Qual)
	}
	if q.Vague {
		flags = append(flags, "vague")
	}
	if q.Article {
		flags = append(flags, "article")
	}
	s := fmt.Sprintf("%s=%s:%d-%s", d.Slice(q.Span), q.Kind, q.Low, hi)
	if len(flags) > 0 {
		s += "[" + strings.Join(flags, ",") + "]"
	}
	if q.Head >= 0 {
		s += ">" + toks[q.Head].Text
	}
	return s
}

func TestFind(t *testing.T) {
	l := Default()
	for _, c := range []struct{ in, want string }{
		// Digits and words.
		{"At least 7 border guards were said to have died.", "At least 7=count:7-open[at least]>guards"},
		{"Turkey deployed 2,500 troops.", "2,500=count:2500-2500>troops"},
		{"Some 1.5 million people fled.", "Some 1.5 million=count:1500000-1500000[some]>people"},
		{"They wounded 1-2 policemen.", "1-2=count:1-2>policemen"},
		{"Five people died.", "Five=count:5-5>people"},
		{"Twenty-one soldiers and twenty one civilians died.", "Twenty-one=count:21-21>soldiers; twenty one=count:21-21>civilians"},
		{"They took a hundred hostages.", "a hundred=count:100-100>hostages"},
		{"They took two hundred and fifty hostages.", "two hundred and fifty=count:250-250>hostages"},
		{"Two dozen houses burnt.", "Two dozen=count:24-24>houses"},
		{"A dozen villages fell.", "A dozen=count:12-12>villages"},
		{"Police arrested 3 thousand protesters.", "3 thousand=count:3000-3000>protesters"},
		// Qualifiers and ranges.
		{"More than 20 people died.", "More than 20=count:21-open[more than]>people"},
		{"The militia seized over a dozen of hamlets.", "over a dozen=count:13-open[over]>hamlets"},
		{"Up to 10 people died.", "Up to 10=count:1-10[up to]>people"},
		{"Fewer than 10 people died.", "Fewer than 10=count:1-9[fewer than]>people"},
		{"Troops number between 1,200 and 1,500.", "between 1,200 and 1,500=count:1200-1500[between]"},
		{"Troops number 1,200 to 1,500.", "1,200 to 1,500=count:1200-1500"},
		{"Troops number from 10 to 15 men.", "from 10 to 15=count:10-15[from]>men"},
		{"Five or six rockets hit the base.", "Five or six=count:5-6>rockets"},
		{"The army sent approximately 1,000 pieces of heavy equipment.", "approximately 1,000=count:1000-1000[approximately]>pieces"},
		{"Nearly 1,000 people fled.", "Nearly 1,000=count:1000-1000[nearly]>people"},
		{"Around 500 people took part.", "Around 500=count:500-500[around]>people"},
		{"20 or more people died.", "20 or more=count:20-open[or more]>people"},
		{"Some 20-odd fighters surrendered.", "Some 20-odd=count:20-20[about]>fighters"},
		// Vague words.
		{"Dozens of protesters were arrested.", "Dozens=count:12-open[vague]>protesters"},
		{"Hundreds of cattle were stolen.", "Hundreds=count:100-open[vague]>cattle"},
		{"Several police officers were killed.", "Several=count:3-open[vague]>officers"},
		{"A few Turkish troops got lost.", "A few=count:3-open[vague]>troops"},
		{"Tens of thousands marched.", "Tens of thousands=count:10000-open[vague]>marched"},
		{"Several hundred people marched.", "Several hundred=count:200-open[vague]>people"},
		{"More than a dozen soldiers died.", "More than a dozen=count:13-open[more than]>soldiers"},
		{"An unknown number of guards died.", "An unknown number of=count:0-open[vague]>guards"},
		// Articles and others.
		{"A man was killed.", "A=count:1-1[article]>man"},
		{"A police officer was shot.", "A=count:1-1[article]>officer"},
		{"A bomb went off.", ""},
		{"A red cross volunteer was hurt.", "A=count:1-1[article]>volunteer"},
		{"A mob lynched a 14 year old in Muranga.", "a=count:1-1[article]; 14 year old=age:14-14"},
		{"A bomb attack targeting a police post failed.", ""},
		{"One soldier and two others were killed.", "One=count:1-1>soldier; two=count:2-2>others"},
		{"5 killed in the attack.", "5=count:5-5>killed"},
		{"Five Kenyans killed in the attack.", "Five=count:5-5>Kenyans"},
		{"The 5 dead were buried.", "5=count:5-5>dead"},
		{"Two suspects were arrested.", "Two=count:2-2>suspects"},
		{"Three armed men attacked.", "Three=count:3-3>men"},
		{"Police shot four men suspected of theft.", "four=count:4-4>men"},
		{"Gunmen shot a farmer and his wife.", "a=count:1-1[article]>farmer; his=count:1-1[article]>wife"},
		{"Three gunmen attack a church.", "Three=count:3-3>gunmen"},
		{"Two people died.", "Two=count:2-2>people"},
		{"One person suffered gunshot wounds.", "One=count:1-1>person"},
		{"Thirty houses burnt down.", "Thirty=count:30-30>houses"},
		{"It needs to secure several less important points.", "several=count:3-open[vague]>points"},
		{"Police killed 5 and injured two.", "5=count:5-5; two=count:2-2"},
		// Not counts.
		{"A woman and her 9-year-old daughter died.", "A=count:1-1[article]>woman; her=count:1-1[article]>daughter; 9-year-old=age:9-9>daughter"},
		{"The victim, aged 45, died.", "45=age:45-45"},
		{"The girl was 12 years old.", "12 years old=age:12-12"},
		{"The group was founded in 2019.", "2019=year:2019-2019"},
		{"The 2017 elections were tense.", "2017=year:2017-2017"},
		{"It happened on February 8.", "8=date:8-8"},
		{"It happened on 8th of February.", "8th=date:8-8"},
		{"The attack began at 6 p.m. sharp.", "6=time:6-6"},
		{"The attack began at 0600 hrs.", "0600=time:600-600"},
		{"The attack began at 6:30.", "6=time:6-6; 30=count:30-30"},
		{"He paid $5 million in ransom.", "5 million=money:5000000-5000000"},
		{"He paid 500 shillings.", "500=money:500-500"},
		{"The gang robbed 5,000 KSH from him.", "5,000=money:5000-5000"},
		{"Prices rose 5% and 7 percent.", "5=percent:5-5; 7=percent:7-7"},
		{"They walked 5 km and 3 miles.", "5=measure:5-5; 3=measure:3-3"},
		{"They used 7.62mm rounds.", "7.62mm=measure:7-7"},
		{"The siege lasted 3 hours.", "3=duration:3-3"},
		{"He got a 10-year sentence.", "10-year=duration:10-10"},
		{"He came 5th.", "5th=ordinal:5-5"},
		{"Tanks such as the Leopard 2A4 rolled in.", "2A4=name:2-2"},
		{"Shells hit Rashideen 4 and the M5 highway.", "4=name:4-4"},
		{"They closed Route 5 today.", "5=name:5-5"},
		{"Form 4 students protested.", "4=name:4-4"},
		{"Call 0722 123 456 for help.", "0722 123 456=phone:722-722"},
		{"Call +254 722 123456 for help.", "254 722 123456=phone:254-254"},
		{"Fighting raged from 2019 to 2020.", "from 2019 to 2020=year:2019-2020[from]"},
		{"Nothing to count here.", ""},
	} {
		if got := show(l, c.in, nil); got != c.want {
			t.Errorf("%q\n got: %s\nwant: %s", c.in, got, c.want)
		}
	}
}

// TestFindSkip checks that masked tokens, such as a date timex claimed, are never read.
func TestFindSkip(t *testing.T) {
	maskNumbers := func(toks []text.Token) []bool {
		m := make([]bool, len(toks))
		for i, tok := range toks {
			m[i] = tok.Norm == "8" || tok.Norm == "2020" || tok.Norm == "february" || tok.Norm == "march"
		}
		return m
	}
	for _, c := range []struct{ in, want string }{
		{"On February 8, 2020, 5 people died.", "5=count:5-5>people"},
		{"On 8 March 12 people died.", "12=count:12-12>people"},
	} {
		if got := show(Default(), c.in, maskNumbers); got != c.want {
			t.Errorf("%q\n got: %s\nwant: %s", c.in, got, c.want)
		}
	}
}

func TestLoad(t *testing.T) {
	dir := t.TempDir()
	user := "[vague]\nseveral = 10\na bunch of = 4\n\n[person]\nchef\n"
	if err := os.WriteFile(filepath.Join(dir, FileName), []byte(user), 0o644); err != nil {
		t.Fatal(err)
	}
	l, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ in, want string }{
		{"Several people died.", "Several=count:10-open[vague]>people"},
		{"A bunch of people died.", "A bunch of=count:4-open[vague]>people"},
		{"A chef was shot.", "A=count:1-1[article]>chef"},
		{"Dozens died.", "Dozens=count:12-open[vague]"},
	} {
		if got := show(l, c.in, nil); got != c.want {
			t.Errorf("user lexicon: %q\n got: %s\nwant: %s", c.in, got, c.want)
		}
	}
	if got := show(Default(), "Several people died.", nil); got != "Several=count:3-open[vague]>people" {
		t.Errorf("the user file changed the default lexicon: %s", got)
	}
	if l, err := Load(filepath.Join(dir, "missing")); err != nil || l == nil {
		t.Errorf("Load of a missing directory: %v", err)
	}
	// The sections for a number's own form take the user's words too.
	if err := os.WriteFile(filepath.Join(dir, FileName), []byte("[hyphen-duration]\nsecond\n[glued-unit]\nyd\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if l, err = Load(dir); err != nil {
		t.Fatal(err)
	}
	const forms = "They shared a 10-second clip and a 5yd gap."
	if got, want := show(Default(), forms, nil), "10-second=measure:10-10; 5yd=name:5-5"; got != want {
		t.Errorf("default: %q\n got: %s\nwant: %s", forms, got, want)
	}
	if got, want := show(l, forms, nil), "10-second=duration:10-10; 5yd=measure:5-5"; got != want {
		t.Errorf("user lexicon: %q\n got: %s\nwant: %s", forms, got, want)
	}
	for _, bad := range []string{
		"several = 3\n",
		"[hyphen-suffix]\nodd = lots\n",
		"[glued-unit]\nsq yd\n",
		"[vague]\nseveral = many\n",
		"[qualifier]\nat least = lots\n",
		"[person]\nold man\n",
		"[stop]\nfoo = 1\n",
		"[nonsense]\nfoo\n",
	} {
		if err := os.WriteFile(filepath.Join(dir, FileName), []byte(bad), 0o644); err != nil {
			t.Fatal(err)
		}
		_, err := Load(dir)
		if err == nil || !strings.Contains(err.Error(), FileName+":") {
			t.Errorf("Load(%q) = %v, want an error naming the file and line", bad, err)
		}
	}
}

func FuzzFind(f *testing.F) {
	for _, s := range []string{
		"At least 7 border guards were said to have died; between 1,200 and 1,500 troops.",
		"over a dozen of hamlets, two hundred and fifty, 1-2, 1,200-1,500, 20-odd, 5th, 6pm, 2A4",
		"$5m, 7.62mm, 0722 123 456, 99999999999999999999, 1.999999999999 billion, 9,999,999 crore",
		"a a a an an hundred hundred dozen of of of the",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		d := text.Analyze(in)
		for _, s := range d.Sentences {
			last := 0
			for _, q := range Find(s.Tokens, nil) {
				if q.Start < last || q.End <= q.Start || q.End > len(s.Tokens) {
					t.Fatalf("bad token range [%d,%d) after %d of %d", q.Start, q.End, last, len(s.Tokens))
				}
				last = q.End
				if q.Span.Start < s.Start || q.Span.End > s.End || q.Span.Start >= q.Span.End {
					t.Fatalf("span %v outside sentence %v", q.Span, s.Span)
				}
				if q.Kind < Count || q.Kind > Phone || q.Low < 0 || (q.High != nil && *q.High < q.Low) {
					t.Fatalf("bad quantity %+v", q)
				}
				if q.Head >= 0 && (q.Head < q.End || q.Head >= len(s.Tokens)) {
					t.Fatalf("head %d outside [%d,%d)", q.Head, q.End, len(s.Tokens))
				}
			}
		}
	})
}

// FuzzLexicon checks that any user file either loads or fails with an error
// naming the file, and never panics.
func FuzzLexicon(f *testing.F) {
	f.Add("[vague]\nseveral = 10\n[person]\nchef\n")
	f.Add("[qualifier]\nat least = at-least\n[stop]\n = \n")
	f.Fuzz(func(t *testing.T, data string) {
		l := newLexicon()
		if err := l.read("user.txt", data); err != nil {
			if !strings.HasPrefix(err.Error(), "user.txt:") {
				t.Fatalf("error does not name the file: %v", err)
			}
			return
		}
		l.index()
		l.Find(text.Analyze("At least 5 people and several others were killed.").Sentences[0].Tokens, nil)
	})
}

var benchSentences = []string{
	"On March 3, ‘liberation units’ opened a heavy assault on army posts outside Taftanaz.",
	"Fighters were seen carrying rifles and mortars supplied from abroad.",
	"Over the past week, the government moved roughly 800 armoured vehicles, among them tracked howitzers and T-72 tanks, into the northern province of Aleppo.",
	"No fewer than 9 soldiers were said to have died in the counter-attack by the rebels.",
	"On July 14 2021, a crowd of farmers burnt a lorry and looted a warehouse in Ahero, Kisumu, in a row over grazing land.",
	"A second meeting is planned for next week.",
	"The minister and his deputies talk as though each hill given up to the insurgents were a national tragedy.",
	"Officials said three men were detained on Friday evening after the raid in Mandera.",
}

func BenchmarkFind(b *testing.B) {
	var sents [][]text.Token
	for _, s := range benchSentences {
		for _, st := range text.Analyze(s).Sentences {
			sents = append(sents, st.Tokens)
		}
	}
	l := Default()
	b.ReportAllocs()
	n := 0
	for b.Loop() {
		for _, toks := range sents {
			n += len(l.Find(toks, nil))
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(sents)), "ns/sentence")
}

func TestPerson(t *testing.T) {
	l := Default()
	for w, want := range map[string]bool{
		"miner": true, "miners": true, "fishermen": true, "policewomen": true,
		"mechanics": true, "mechanic": true, "houses": false, "rifles": false, "days": false, "": false,
	} {
		if got := l.Person(w); got != want {
			t.Errorf("Person(%q) = %v, want %v", w, got, want)
		}
	}
}
