package document

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestDetectLang(t *testing.T) {
	l, err := loadLangs("")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ want, text string }{
		{"en", benchParagraph},
		{"en", "Two fishermen were reported missing off the coast near Watamu, Kilifi, after their boat was found empty."},
		{"fr", "Les forces gouvernementales ont bombardé les villages de Kafr Nabl et de Maarat al-Numan mardi, tuant au moins sept civils, selon les secouristes locaux."},
		{"es", "Las fuerzas del gobierno bombardearon las aldeas de Kafr Nabl y Maarat al-Numan el martes, y murieron al menos siete civiles, según los equipos de rescate locales."},
		{"pt", "As forças do governo bombardearam as aldeias de Kafr Nabl e Maarat al-Numan na terça-feira, matando pelo menos sete civis, segundo as equipes de resgate locais."},
		{"it", "Le forze governative hanno bombardato i villaggi di Kafr Nabl e Maarat al-Numan martedì, uccidendo almeno sette civili, secondo i soccorritori locali. Il ministero della difesa ha detto che non sono state colpite aree residenziali."},
		{"de", "Regierungstruppen haben am Dienstag die Dörfer Kafr Nabl und Maarat al-Numan beschossen und dabei mindestens sieben Zivilisten getötet, wie örtliche Rettungskräfte mitteilten. Das Verteidigungsministerium sagte, es seien nur Stellungen der bewaffneten Gruppen angegriffen worden."},
		{"nl", "Regeringstroepen hebben dinsdag de dorpen Kafr Nabl en Maarat al-Numan beschoten, waarbij volgens lokale hulpverleners ten minste zeven burgers om het leven kwamen. Het ministerie van defensie zei dat er geen woonwijken zijn geraakt."},
		{"ru", "Правительственные войска обстреляли деревни в провинции Идлиб во вторник, погибли по меньшей мере семь мирных жителей. Жители говорят, что удары начались до рассвета и продолжались несколько часов."},
		{"uk", "Урядові війська обстріляли села в провінції Ідліб у вівторок, загинули щонайменше семеро цивільних. Мешканці кажуть, що удари почалися до світанку і тривали кілька годин, а також що багато родин були змушені тікати на північ."},
		{"ar", "قصفت القوات الحكومية قرى في محافظة إدلب يوم الثلاثاء، مما أسفر عن مقتل سبعة مدنيين على الأقل، وفقا لعمال الإنقاذ المحليين. وقال السكان إن الغارات بدأت قبل الفجر واستمرت لعدة ساعات في المنطقة التي تسيطر عليها المعارضة."},
		{"fa", "نیروهای دولتی روز سه\u200cشنبه روستاهای استان ادلب را گلوله\u200cباران کردند که در این حمله دست کم هفت غیرنظامی کشته شدند. ساکنان گفتند که این حملات پیش از سپیده دم آغاز شد و چند ساعت ادامه داشت."},
		{"ur", "سرکاری فوج نے منگل کو ادلب صوبے کے دیہات پر گولہ باری کی جس میں کم از کم سات شہری ہلاک ہو گئے۔ مقامی لوگوں کا کہنا ہے کہ یہ حملے صبح سے پہلے شروع ہوئے تھے۔"},
		{"tr", "Hükümet güçleri salı günü İdlib'deki köyleri bombaladı ve yerel kurtarma ekiplerine göre en az yedi sivil hayatını kaybetti. Bölge sakinleri saldırıların şafaktan önce başladığını söyledi, bu nedenle çok sayıda aile kuzeye kaçtı."},
		{"id", "Pasukan pemerintah menembaki desa-desa di provinsi Idlib pada hari Selasa dan menewaskan sedikitnya tujuh warga sipil, menurut petugas penyelamat setempat. Warga mengatakan bahwa serangan itu dimulai sebelum fajar."},
		{"sw", "Vikosi vya serikali vilishambulia vijiji katika mkoa wa Idlib siku ya Jumanne na kuua raia saba, kwa mujibu wa waokoaji wa eneo hilo. Wakazi walisema kuwa mashambulizi hayo yalianza kabla ya alfajiri na watu wengi walikimbia."},
		{"el", "Οι κυβερνητικές δυνάμεις βομβάρδισαν χωριά στην επαρχία Ιντλίμπ την Τρίτη."},
		{"ko", "정부군은 화요일 이들리브 주의 마을들을 포격했다."},
		{"ja", "政府軍は火曜日、イドリブ県の村を砲撃した。"},
		{"zh", "政府军周二炮击了伊德利卜省的村庄。"},
		{"bn", "সরকারি বাহিনী মঙ্গলবার ইদলিব প্রদেশের গ্রামগুলোতে গোলাবর্ষণ করেছে।"},
		{"am", "የመንግስት ኃይሎች ማክሰኞ መንደሮችን ደበደቡ።"},
		{"", "Kämpfe bei Saraqib. Fünf Tote."}, // too short to tell
		{"", "12 345 678"},
		{"", ""},
	} {
		if got := l.detect(tc.text); got != tc.want {
			t.Errorf("detect(%.40q) = %q, want %q", tc.text, got, tc.want)
		}
	}
}

func TestUserStopwords(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, stopwordsFile), []byte("so\tiyo oo ku ka waxaa waa ee\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	r, err := NewReader(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := r.langs.detect("Ciidamada dowladda ayaa duqeeyay tuulooyin ku yaala gobolka, waxaa la dilay ugu yaraan todoba qof oo rayid ah iyo caruur."); got != "so" {
		t.Errorf("user language: got %q", got)
	}
	if err := os.WriteFile(filepath.Join(dir, stopwordsFile), []byte("somali\tiyo\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := NewReader(dir, nil); err == nil || !strings.Contains(err.Error(), "stopwords.txt:1") {
		t.Errorf("bad stop-word file: error %v, want one naming stopwords.txt:1", err)
	}
}

func BenchmarkDetectLang(b *testing.B) {
	l, err := loadLangs("")
	if err != nil {
		b.Fatal(err)
	}
	text := strings.Repeat(benchParagraph+"\n\n", 12)
	for b.Loop() {
		l.detect(text)
	}
}
