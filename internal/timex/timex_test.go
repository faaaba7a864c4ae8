package timex

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/sitrep/sitrep/internal/text"
)

// ref is a Tuesday.
var ref = time.Date(2020, 2, 11, 0, 0, 0, 0, time.UTC)

// show renders what Find read: "phrase=day[first..last]/precision/anchor".
func show(in string, ref time.Time, opt Options) string {
	d := text.Analyze(in)
	var parts []string
	for _, s := range d.Sentences {
		for _, e := range Find(s.Tokens, ref, opt) {
			phrase := d.Slice(e.Span)
			if !e.Resolved() {
				parts = append(parts, fmt.Sprintf("%s=?/%d/%s", phrase, e.Precision, e.Anchor))
				continue
			}
			rng := ""
			if !e.First.Equal(e.Day) || !e.Last.Equal(e.Day) {
				rng = "[" + e.First.Format("01-02") + ".." + e.Last.Format("01-02") + "]"
			}
			parts = append(parts, fmt.Sprintf("%s=%s%s/%d/%s", phrase, e.Day.Format("2006-01-02"), rng, e.Precision, e.Anchor))
		}
	}
	return strings.Join(parts, "; ")
}

func TestFind(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		// Calendar dates.
		{"On February 8, envoys met in Geneva.", "February 8=2020-02-08/1/dated"},
		{"It happened on 8 February 2020 in Idlib.", "8 February 2020=2020-02-08/1/absolute"},
		{"It happened on Feb. 8, 2020 in Idlib.", "Feb. 8, 2020=2020-02-08/1/absolute"},
		{"It happened on February 8th.", "February 8th=2020-02-08/1/dated"},
		{"It happened on 8th of February.", "8th of February=2020-02-08/1/dated"},
		{"On November 30 2019, a man was killed.", "November 30 2019=2019-11-30/1/absolute"},
		{"Dated 2020-02-08.", "2020-02-08=2020-02-08/1/absolute"},
		{"Protests on 08/02/2020 in Nairobi.", "08/02/2020=2020-02-08/1/absolute"},
		{"Protests on 05/09 in Nairobi.", "05/09=2019-09-05/1/dated"},
		{"Protests on 05/02 in Nairobi.", "05/02=2020-02-05/1/dated"},
		{"Protests on 12/25/2019 in Nairobi.", "12/25/2019=2019-12-25/1/absolute"},
		{"On 8.2.2020 it rained.", "8.2.2020=2020-02-08/1/absolute"},
		{"On December 30, a bomb went off.", "December 30=2019-12-30/1/dated"},
		{"On February 15, a bomb went off.", "February 15=2020-02-15/1/dated"},
		{"On March 1, a bomb went off.", "March 1=2019-03-01/1/dated"},
		// Weekdays, deictic words, parts of days.
		{"On Monday, troops shelled the town.", "Monday=2020-02-10/1/relative"},
		{"On Tuesday, troops shelled the town.", "Tuesday=2020-02-11/1/relative"},
		{"Last Tuesday troops shelled the town.", "Last Tuesday=2020-02-04/1/relative"},
		{"Last Monday troops shelled the town.", "Last Monday=2020-02-10/1/relative"},
		{"Clashes erupted on Monday night.", "Monday night=2020-02-10/1/relative"},
		{"Fighting began in the early hours of Sunday.", "the early hours of Sunday=2020-02-09/1/relative"},
		{"On Monday, February 10, troops advanced.", "Monday, February 10=2020-02-10/1/dated"},
		{"Yesterday, police fired tear gas.", "Yesterday=2020-02-10/1/relative"},
		{"Police fired tear gas today.", "today=2020-02-11/1/relative"},
		{"Police fired tear gas earlier today.", "earlier today=2020-02-11/1/relative"},
		// "Later in the day" is the day of the story, told before it.
		{"Two more bodies were found later in the day.", ""},
		{"Police fired tear gas this morning.", "this morning=2020-02-11/1/relative"},
		{"Police fired tear gas yesterday morning.", "yesterday morning=2020-02-10/1/relative"},
		{"Gunmen attacked overnight.", "overnight=2020-02-10[02-10..02-11]/1/relative"},
		{"Gunmen attacked last night.", "last night=2020-02-10[02-10..02-11]/1/relative"},
		{"It began the day before yesterday.", "the day before yesterday=2020-02-09/1/relative"},
		// Weeks, months, years.
		{"Fighting intensified last week.", "last week=2020-02-05[02-03..02-09]/2/relative"},
		{"Fighting intensified earlier this week.", "earlier this week=2020-02-10/2/relative"},
		{"A ceasefire is due to start this week.", "this week=2020-02-12[02-10..02-16]/2/relative"},
		{"During the week beginning February 3rd, raiders struck.", "the week beginning February 3rd=2020-02-05[02-03..02-09]/2/dated"},
		{"Talks are due to end Monday.", "Monday=2020-02-10/1/relative"},
		{"Fighting intensified last month.", "last month=2020-01-15[01-01..01-31]/3/relative"},
		{"Fighting intensified in mid-March.", "mid-March=2019-03-16[03-11..03-21]/3/dated"},
		{"Fighting intensified in March.", "March=2019-03-15[03-01..03-31]/3/dated"},
		{"Fighting intensified in January.", "January=2020-01-15[01-01..01-31]/3/dated"},
		{"Fighting intensified in late January.", "late January=2020-01-26[01-22..01-31]/3/dated"},
		{"The group was founded in 2019.", "2019=2019-07-02[01-01..12-31]/3/absolute"},
		{"Fighting intensified over the weekend.", "the weekend=2020-02-08[02-08..02-09]/2/relative"},
		{"Fighting intensified at the end of March 2019.", "the end of March 2019=2019-03-26[03-22..03-31]/3/absolute"},
		{"Fighting intensified in early 2019.", "early 2019=2019-03-02[01-01..05-01]/3/absolute"},
		{"Fighting intensified late last month.", "late last month=2020-01-26[01-22..01-31]/3/relative"},
		{"Fighting intensified earlier this month.", "earlier this month=2020-02-05[02-01..02-10]/3/relative"},
		{"Fighting intensified last weekend.", "last weekend=2020-02-08[02-08..02-09]/2/relative"},
		{"Talks resume next week.", "next week=2020-02-19[02-17..02-23]/2/relative"},
		{"Talks resume tomorrow.", "tomorrow=2020-02-12/1/relative"},
		{"Sunday's attack killed 5.", "Sunday=2020-02-09/1/relative"},
		{"He was abducted two weeks ago.", "two weeks ago=2020-01-28[01-25..01-31]/2/relative"},
		{"In the past two weeks, 5 died.", "the past two weeks=2020-02-04[01-29..02-11]/3/relative"},
		// Ranges.
		{"Clashes took place between March 3 and 5, 2019.", "between March 3 and 5, 2019=2019-03-04[03-03..03-05]/2/absolute"},
		{"Clashes took place from December 30 to January 2.", "from December 30 to January 2=2019-12-31[12-30..01-02]/2/dated"},
		{"Clashes took place between 3 and 5 February.", "between 3 and 5 February=2020-02-04[02-03..02-05]/2/dated"},
		{"Clashes took place on 3-5 February.", "3-5 February=2020-02-04[02-03..02-05]/2/dated"},
		{"Clashes took place from 30 January to 2 February 2020.", "from 30 January to 2 February 2020=2020-01-31[01-30..02-02]/2/absolute"},
		{"Clashes took place on the night of 5-6 February.", "the night of 5-6 February=2020-02-06[02-05..02-06]/1/dated"},
		{"Clashes took place on the night of February 5.", "the night of February 5=2020-02-05[02-05..02-06]/1/dated"},
		// Counting back.
		{"He was abducted 2 days ago.", "2 days ago=2020-02-09/1/relative"},
		{"He was abducted two days ago.", "two days ago=2020-02-09/1/relative"},
		{"He was abducted a week ago.", "a week ago=2020-02-04[02-01..02-07]/2/relative"},
		{"He was abducted a few days ago.", "a few days ago=2020-02-07[02-06..02-09]/2/relative"},
		{"During the last few days, the army moved in 600 vehicles.", "the last few days=2020-02-09[02-08..02-11]/2/relative"},
		{"In recent days, the army moved in troops.", "recent days=2020-02-09[02-08..02-11]/2/relative"},
		{"Over the past week, the army moved in troops.", "the past week=2020-02-08[02-05..02-11]/2/relative"},
		{"In the past 24 hours, 5 were killed.", "the past 24 hours=2020-02-10[02-10..02-11]/2/relative"},
		// Loosened dates.
		{"As reported on 4 June 2021, a shop was looted.", "As reported on 4 June 2021=2021-06-04[05-29..06-04]/2/absolute"},
		{"Around July 9th (exact date not reported), a shop was looted.", "Around July 9th=2019-07-09[07-06..07-12]/2/dated"},
		{"On May 25 (exact date unknown), a man was killed.", "May 25=2019-05-25[05-22..05-28]/2/dated"},
		{"On or before February 8, police clashed with raiders.", "On or before February 8=2020-02-08[02-02..02-08]/2/dated"},
		{"Since Sunday, 12 people have died.", "Since Sunday=2020-02-10[02-09..02-11]/2/relative"},
		// Several expressions in one sentence.
		{"On February 8 talks began and on February 10 they ended.", "February 8=2020-02-08/1/dated; February 10=2020-02-10/1/dated"},
		// Not dates.
		{"Five people died in an ambush near Saraqib.", ""},
		{"They may 5 times have tried.", ""},
		{"A march was held in the capital.", ""},
		{"Police fired at 2,500 protesters.", ""},
		{"On February 30 nothing happened.", ""},
		{"Dated 2020-13-45 here.", ""},
		{"Protests on 31/31 in Nairobi.", ""},
		{"The 9/11 attacks changed everything.", ""},
		{"In 2000 homes there was no water.", ""},
		{"The year 2150 is far away, as is 0000-01-01.", ""},
		{"It was his late father's house.", ""},
		{"Around 500 people took part.", ""},
	} {
		if got := show(c.in, ref, Options{}); got != c.want {
			t.Errorf("%q\n got: %s\nwant: %s", c.in, got, c.want)
		}
	}
}

func TestFindMonthFirst(t *testing.T) {
	for _, c := range []struct {
		in         string
		monthFirst bool
		want       string
	}{
		{"Protests on 05/09/2019 in Nairobi.", false, "05/09/2019=2019-09-05/1/absolute"},
		{"Protests on 05/09/2019 in Nairobi.", true, "05/09/2019=2019-05-09/1/absolute"},
		{"Protests on 25/12/2019 in Nairobi.", true, "25/12/2019=2019-12-25/1/absolute"},
		{"Protests on 02/01/20 in Nairobi.", false, "02/01/20=2020-01-02/1/absolute"},
		// Day-first, 2 March, would be three weeks after the report of 11
		// February; month-first, 3 February, is before it: that is meant.
		{"Protests on 02/03/20 in Nairobi.", false, "02/03/20=2020-02-03/1/absolute"},
		// Both orders before the report: the preferred one stands.
		{"Protests on 01/02/20 in Nairobi.", false, "01/02/20=2020-02-01/1/absolute"},
	} {
		if got := show(c.in, ref, Options{MonthFirst: c.monthFirst}); got != c.want {
			t.Errorf("%q month-first=%v\n got: %s\nwant: %s", c.in, c.monthFirst, got, c.want)
		}
	}
}

func TestFindWithoutReference(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"On November 30 2019, a man was killed.", "November 30 2019=2019-11-30/1/absolute"},
		{"On February 8, envoys met in Geneva.", "February 8=?/1/dated"},
		{"Yesterday, police fired tear gas.", "Yesterday=?/1/relative"},
		{"Fighting intensified last week.", "last week=?/2/relative"},
		{"Since 2019, 12 people have died.", "Since 2019=?/3/absolute"},
		{"On 6 January 2024, a blockade was called for 6-8 January.", "6 January 2024=2024-01-06/1/absolute; 6-8 January=2024-01-07[01-06..01-08]/2/dated"},
		{"On 3 January 2020, police said that since 28 December 5 people died.", "3 January 2020=2020-01-03/1/absolute; since 28 December=?/2/dated"},
		{"On 3 January 2020, police said that on 28 December 5 people died.", "3 January 2020=2020-01-03/1/absolute; 28 December=2019-12-28/1/dated"},
		{"Two days later, police arrested them.", "Two days later=?/1/later"},
		{"On 8 February 2020 rebels attacked, and a day later the army struck back.", "8 February 2020=2020-02-08/1/absolute; a day later=2020-02-09/1/later"},
		{"Hours later a second bomb went off.", "Hours later=?/1/later"},
		{"Several days later they returned.", ""},
		{"Nothing here.", ""},
	} {
		if got := show(c.in, time.Time{}, Options{}); got != c.want {
			t.Errorf("%q\n got: %s\nwant: %s", c.in, got, c.want)
		}
	}
}

func FuzzFind(f *testing.F) {
	for _, s := range []string{
		"On February 8, envoys met in Geneva for a third round.",
		"During the last few days, between 3 and 5 March, on the night of 5-6 March.",
		"As reported on 4 June 2021; around July 9th (exact date not reported).",
		"2020-02-08 08/02/2020 05/09 31/31 2020-13-45 in 2019 2 days ago last Monday",
		"early-2100 mid-0000 late the end of the last 999999 hours",
	} {
		f.Add(s, int64(1581379200), false)
	}
	f.Fuzz(func(t *testing.T, in string, refUnix int64, monthFirst bool) {
		var ref time.Time
		if refUnix > 0 && refUnix < 4102444800 { // before 2100
			ref = time.Unix(refUnix, 0).UTC()
		}
		d := text.Analyze(in)
		for _, s := range d.Sentences {
			last := 0
			for _, e := range Find(s.Tokens, ref, Options{MonthFirst: monthFirst}) {
				if e.Start < last || e.End <= e.Start || e.End > len(s.Tokens) {
					t.Fatalf("bad token range [%d,%d) after %d of %d", e.Start, e.End, last, len(s.Tokens))
				}
				last = e.End
				if e.Span.Start < s.Start || e.Span.End > s.End || e.Span.Start >= e.Span.End {
					t.Fatalf("span %v outside sentence %v", e.Span, s.Span)
				}
				if e.Precision < 1 || e.Precision > 3 || e.Anchor < Absolute || e.Anchor > Later {
					t.Fatalf("precision %d anchor %d", e.Precision, e.Anchor)
				}
				if !e.Resolved() {
					if !e.First.IsZero() || !e.Last.IsZero() || (!ref.IsZero() && e.Anchor != Absolute) {
						t.Fatalf("half-resolved %+v", e)
					}
					continue
				}
				if e.First.After(e.Day) || e.Day.After(e.Last) || e.First.Year() < 1 || e.Last.Year() > 2101 {
					t.Fatalf("bad dates %v <= %v <= %v", e.First, e.Day, e.Last)
				}
			}
		}
	})
}

// benchSentences mix dated, relative and undated sentences, as reports do.
var benchSentences = []string{
	"On March 3, rebels opened a heavy assault on army posts outside Taftanaz.",
	"Fighters were seen carrying rifles and mortars supplied from abroad.",
	"Over the past week, the government moved roughly 800 armoured vehicles into the northern province of Aleppo.",
	"Late on Sunday night, shelling resumed, two days after the truce of 12-13 April collapsed.",
	"On July 14 2021, a crowd of farmers burnt a lorry in Ahero, Kisumu, in a row over grazing land.",
	"A second meeting is planned for next week, and a third in mid-June.",
	"Since early 2019, the minister has spoken of each lost hill as a national tragedy.",
	"Officials said three men were detained on Friday evening after the raid in Mandera.",
}

// benchTokens is benchSentences read into tokens.
func benchTokens() [][]text.Token {
	var sents [][]text.Token
	for _, s := range benchSentences {
		for _, st := range text.Analyze(s).Sentences {
			sents = append(sents, st.Tokens)
		}
	}
	return sents
}

func BenchmarkFind(b *testing.B) {
	sents := benchTokens()
	b.ReportAllocs()
	n := 0
	for b.Loop() {
		for _, toks := range sents {
			n += len(Find(toks, ref, Options{}))
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(sents)), "ns/sentence")
}
