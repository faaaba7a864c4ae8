package codetest

import (
	"fmt"
	"math/rand/v2"
	"strings"
)

// Made-up war reports for benchmarks: whole articles of some thirty
// sentences in eight or so paragraphs, as a news site writes them — a
// headline, a lead with the happening, attributed and hedged claims,
// quotes, background with numbers and dates, and a page trailer. Real
// places, invented happenings; the i-th article is always the same.

var (
	newsPlaces = []string{
		"Ariha", "Saraqib", "Atarib", "Sarmada", "Jisr al-Shughur", "Kafr Nabl", "Maarat al-Numan", "Idlib",
		"Garissa", "Mandera", "Wajir", "Lamu", "Baragoi", "Eldoret", "Kisumu", "Marsabit",
		"Lashkar Gah", "Kunduz", "Ghazni", "Jalalabad", "Kandahar", "Herat", "Farah", "Maidan Shar",
		"Sylhet", "Bogura", "Rangpur", "Comilla", "Narayanganj", "Gazipur", "Khulna", "Rajshahi",
		"Bakhmut", "Avdiivka", "Kherson", "Kharkiv", "Mariupol", "Zaporizhzhia", "Donetsk", "Sumy",
	}
	newsActors = []string{
		"government forces", "Taliban fighters", "al-Shabaab militants", "police", "the army",
		"rebel fighters", "security forces", "an armed group", "Russian troops", "Ukrainian forces",
		"pro-government militias", "unidentified gunmen", "soldiers", "protesters", "opposition supporters",
	}
	newsMonths   = []string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"}
	newsWeekdays = []string{"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"}
	newsHeads    = []string{
		"{N} killed as fighting flares near {P}",
		"Air strikes hit {P} for a second day",
		"Gunmen attack checkpoint outside {P}",
		"Protesters clash with police in {P}",
		"Shelling of {P} leaves {N} dead, officials say",
	}
	newsLeads = []string{
		"{A} shelled residential areas of {P} on {D}, killing {N} civilians and wounding dozens more, local officials said.",
		"At least {N} people were killed on {W} when {A} attacked a checkpoint on the road between {P} and {Q}, according to police.",
		"An air strike hit a crowded market in {P} on {D}, killing {N} people, rescue workers said.",
		"{A} clashed with {B} on the outskirts of {P} on {W}, leaving {N} fighters dead, a monitoring group reported.",
		"Hundreds of people took to the streets of {P} on {D} to protest against rising fuel prices, and police fired tear gas to disperse them.",
		"A roadside bomb exploded under a military convoy near {P} on {W}, killing {N} soldiers, the defence ministry said.",
	}
	newsBody = []string{
		"The attack was the deadliest in the province since {M}.",
		"Witnesses said the shelling began shortly after dawn and lasted for several hours.",
		"\"We heard the first explosion and then the whole street was on fire,\" said a shopkeeper who gave only his first name.",
		"A spokesman for {A} denied any involvement and blamed {B} for the violence.",
		"The figures could not be independently verified.",
		"According to the local health directorate, {N} of the wounded were in a critical condition.",
		"{A} said in a statement that they had destroyed {N} vehicles and seized a weapons depot near {Q}.",
		"Residents of {Q} said they had fled to nearby villages as the fighting moved closer.",
		"The United Nations said more than {K} people had been displaced from the area in the past month.",
		"Officials said the death toll was likely to rise as rescuers searched the rubble.",
		"It was not immediately clear who was behind the attack, and no group claimed responsibility.",
		"Earlier in the week, {B} reportedly captured two villages south of {Q} after heavy fighting.",
		"The governor of the province called for calm and announced a curfew from 8 pm to 6 am.",
		"Local media reported that {N} people had been arrested in connection with the violence.",
		"In a separate incident on {W}, a drone strike hit a car near {Q}, killing its two occupants, sources said.",
		"Aid agencies warned that hospitals in {P} were running short of blood and medicine.",
		"The ceasefire agreed in {M} has been violated almost daily, observers say.",
		"\"The situation is very bad, and people are afraid to leave their homes,\" a local aid worker told reporters.",
		"Police said they had recovered the bodies of {N} men on the banks of a river near {Q}.",
		"Analysts say the offensive is aimed at cutting the main supply route to {P}.",
		"The army said its troops had repelled an attempt by {B} to advance on {Q}, killing several attackers.",
		"Schools and shops in the town remained closed for a third day.",
		"Some {K} families have returned to their homes since the fighting eased, according to an aid group.",
		"The opposition said the protests would continue until the government resigned.",
	}
	newsTrailers = []string{
		"Follow us on Twitter and Facebook for the latest updates. Subscribe to our newsletter. © 2024 Frontline News. All rights reserved.",
		"Read more: How the war changed life in the north. Share this article. Related stories.",
		"This article was updated with the latest death toll. Reporting by our correspondents; editing by the desk.",
	}
)

// Article returns the i-th made-up news article.
func Article(i int) string {
	r := rand.New(rand.NewPCG(uint64(i), 23))
	pick := func(xs []string) string { return xs[r.IntN(len(xs))] }
	fill := func(s string) string {
		p := pick(newsPlaces)
		q := pick(newsPlaces)
		a := pick(newsActors)
		b := pick(newsActors)
		repl := strings.NewReplacer(
			"{P}", p, "{Q}", q, "{A}", a, "{B}", b,
			"{N}", fmt.Sprint(2+r.IntN(40)), "{K}", fmt.Sprintf("%d,%03d", 1+r.IntN(90), r.IntN(1000)),
			"{D}", fmt.Sprintf("%d %s 2024", 1+r.IntN(28), pick(newsMonths)),
			"{W}", pick(newsWeekdays), "{M}", pick(newsMonths),
		)
		s = repl.Replace(s)
		// A sentence may start with an actor.
		return strings.ToUpper(s[:1]) + s[1:]
	}
	var b strings.Builder
	b.WriteString(fill(pick(newsHeads)) + "\n\n")
	b.WriteString(fill(pick(newsLeads)))
	paras := 6 + r.IntN(4)
	for range paras {
		b.WriteString("\n\n")
		for s := range 3 + r.IntN(2) {
			if s > 0 {
				b.WriteByte(' ')
			}
			if r.IntN(6) == 0 {
				b.WriteString(fill(pick(newsLeads)))
			} else {
				b.WriteString(fill(pick(newsBody)))
			}
		}
	}
	fmt.Fprintf(&b, "\n\n%s (Ref. %d.)\n", pick(newsTrailers), i)
	return b.String()
}
