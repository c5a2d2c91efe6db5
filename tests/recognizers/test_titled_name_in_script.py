"""TitledNameInScriptRecognizer alone: names a title or a label announces in scripts without capitals."""

from __future__ import annotations

import pytest

from privacy.desensitize.recognizers import TitledNameInScriptRecognizer

from . import assert_found, assert_nothing

ENTITY = "PERSON"
SCORES = (0.7, 0.7)


@pytest.fixture(scope="module")
def recognizer() -> TitledNameInScriptRecognizer:
    return TitledNameInScriptRecognizer()


@pytest.mark.parametrize(
    "text, name",
    [
        # A title before the name, as a word of its own.
        ("السيد أحمد محمد العلي، تم تأكيد حجزك", "أحمد محمد العلي"),
        ("הלקוח: מר דוד כהן, התקשר", "דוד כהן"),
        ("श्री राजेश कुमार शर्मा, आपका आवेदन स्वीकृत", "राजेश कुमार शर्मा"),
        ("জনাব রহিম উদ্দিন, আপনার আবেদন", "রহিম উদ্দিন"),
        ("ბატონო გიორგი ბერიძე, თქვენი შეკვეთა", "გიორგი ბერიძე"),
        ("Հարգելի Արմեն Պետրոսյան, ձեր պատվերը", "Արմեն Պետրոսյան"),
        ("የተመዘገበው፡ አቶ አበበ በቀለ።", "አበበ በቀለ"),
        # Thai titles glued to the given name, the surname after a blank.
        ("นางสาวสุดา แสงทอง ผู้ป่วย", "สุดา แสงทอง"),
        ("นายกิตติ ศรีสุข มาแล้ว", "กิตติ ศรีสุข"),  # a given name that opens like "นายก" (a mayor)
        # A title after the name: a Chinese surname, a Korean one, Japanese kanji or katakana after kana.
        ("请联系张伟先生，他会帮你。", "张伟"),
        ("王先生您好", "王"),
        ("请向王先生咨询", "王"),  # "向" is a preposition before a surname
        ("您的快件已由快递员王师傅派送中", "王"),  # a trade or kin word after a bare surname
        ("我是楼下的张阿姨，你的快递我先帮你收了", "张"),
        ("林老师：明天的课改到下午", "林"),
        ("谢谢王老师的帮助", "王"),
        # The boss, the elder brother and sister, a doctor in traditional characters,
        # a surname of two characters, one of the less common surnames.
        ("王总明天到上海", "王"),
        ("李哥说没问题", "李"),
        ("请找陳醫師複診", "陳"),
        ("欧阳老师好", "欧阳"),
        ("傅老师在吗", "傅"),
        ("司马先生来了", "司马"),
        ("김민준 님, 예약이 확인되었습니다.", "김민준"),
        ("明日は田中さんに電話してください", "田中"),
        ("山田太郎様、ご予約ありがとうございます。", "山田太郎"),
        ("マリアさんから連絡がありました", "マリア"),
        # A form's label, glued to the words before it in Chinese.
        ("患者姓名：王小明，男，45岁", "王小明"),
        ("이름: 김민준\n전화: 010", "김민준"),
        ("氏名：山田 太郎\n住所：東京", "山田 太郎"),
        ("ชื่อ-นามสกุล: สมชาย ใจดี\nโทร", "สมชาย ใจดี"),
        # "Dear", "brother", the abbreviated doctor and engineer; a father's
        # name joined by "بن", no word of the three.
        ("الطبيب المعالج: د. هشام فؤاد", "هشام فؤاد"),
        ("عزيزي عبدالله بن سعود القحطاني،", "عبدالله بن سعود القحطاني"),
        ("المعرّفون: م. قاسم جبار – 0781", "قاسم جبار"),
        # The people a form names by their part: recipient, patient (a title
        # after the name is none of it), doctor, guardian, landlord, father,
        # husband, witness; Korean spacing a label's letters apart.
        ("收件人：李晓燕，地址：北京市", "李晓燕"),
        ("病患：林怡君 小姐\n", "林怡君"),
        ("科別：皮膚科　醫師：吳宗翰\n", "吳宗翰"),
        ("保護者：山本 理恵）", "山本 理恵"),
        ("（フリガナ：サトウ ケンタ）", "サトウ ケンタ"),  # the name's reading
        ("성　　명: 이서연\n", "이서연"),
        ("받는 사람: 최유진\n주소", "최유진"),
        ("患者：中村 健二\n診療科", "中村 健二"),
        ("اسم المريض: منى عبد الحميد السيد\n", "منى عبد الحميد السيد"),
        ("المؤجر: راشد سعيد المري\n", "راشد سعيد المري"),
        ("בעלים: נועה לוי-ברגר\n", "נועה לוי-ברגר"),
        ("पति: रामबाबू साह\n", "रामबाबू साह"),
        ("نام پدر: رضا\n", "رضا"),
        ("Ստացող՝ Պետրոսյան Արամ Վարդանի\n", "Պետրոսյան Արամ Վարդանի"),
        ("ምስክር፡ ዳዊት አለማየሁ", "ዳዊት አለማየሁ"),
        # No title: a father's name joined by "son/daughter of" tells the name.
        ("المستفيدة: سارة بنت خالد العتيبي، الجوال", "سارة بنت خالد العتيبي"),
        ("اتصل بي فيصل بن عبد الله بن سعد أمس", "فيصل بن عبد الله بن سعد"),
        ("۲. احمد ولد محمود – شماره تماس", "احمد ولد محمود"),
        # A kunya opens the name; a word with the article goes on the sentence.
        ("اتصل أبو بكر بن أحمد أمس", "أبو بكر بن أحمد"),
        ("قاد طارق بن زياد الجيش إلى الأندلس", "طارق بن زياد"),
        # A name of descent ("-ي") is the family's anywhere in the sentence,
        # but not the relative "الذي"; "إبن" with its hamza, blanks doubled.
        ("وصل خالد بن سعيد العتيبي إلى المكتب", "خالد بن سعيد العتيبي"),
        ("وصلت نورة إبنة محمد الدوسري اليوم", "نورة إبنة محمد الدوسري"),
        ("وصل خالد  إبن  سعيد الذي يعمل هنا", "خالد  إبن  سعيد"),
        ("وصل خالد بن سعيد العتيبى إلى المكتب", "خالد بن سعيد العتيبى"),  # "ى" for "ي"
        ("وصل خالد بن سعيد الذيابي إلى المكتب", "خالد بن سعيد الذيابي"),  # not "الذي"
        # No-break spaces; a name of descent in Persian "ی".
        ("وصل عبد\u00a0الله\u00a0بن سعيد اليمنی اليوم", "عبد\u00a0الله\u00a0بن سعيد اليمنی"),
    ],
)
def test_an_announced_name_is_found(recognizer: TitledNameInScriptRecognizer, text: str, name: str) -> None:
    start = text.index(name)
    assert_found(recognizer, text, [(start, start + len(name), name)], ENTITY, SCORES)


def test_a_name_and_its_reading_on_one_line_are_two_names(recognizer: TitledNameInScriptRecognizer) -> None:
    # The reading's label opens inside the bracket after the name's second
    # word: it ends the name there, not a word before.
    text = "申込者氏名：佐藤 健太（フリガナ：サトウ ケンタ）"
    assert_found(recognizer, text, [(6, 11, "佐藤 健太"), (17, 24, "サトウ ケンタ")], ENTITY, SCORES)


@pytest.mark.parametrize(
    "text",
    [
        # Polite words made with the same titles: an honorific prefix, a role, everyone.
        "お客様各位、皆様、ご苦労様です",
        "ご馳走様でした。お疲れ様です",
        "고객님, 선생님 감사합니다",
        "社長さん、店員さん、神様仏様",
        "患者様各位、会員様限定、担当者様、息子さん、ユーザー様、藤原氏は、大仏殿",
        "駅の名前：新宿",  # a station's name
        "患者数：120人",  # the number of patients
        "이사님께서 하나님께 마음씨가 고구마 씨앗을",
        "นายจ้าง ต้องจ่าย นายกรัฐมนตรี กล่าวว่า นางพยาบาล ดูแล",
        # A trade after a surname's character is a word that opens with it; an office after an Arabic title.
        "高级医生和护士",
        "周末老师不在学校",  # the weekend's teacher: a trade only right after the surname
        # A surname's character that ends a word before the trade: thanks, last week, history.
        "谢谢老师，辛苦了",
        "上周医生说要复查",
        "我们的历史老师很好",
        "资金总额是多少",  # a total, not a boss
        "是金总数",
        "我的哥哥和姐姐",
        "请向医生咨询",
        "对于医生的建议",
        "السيد الرئيس والسيدة الأولى",
        "عزيزي العميل، الأخ الأكبر",  # dear customer, big brother
        "تأسست عام 1950 م. في بغداد",  # "م." after a year is the era
        # Thai "คุณ" is "you" as often; a title with no surname after the given name.
        "คุณสบายดีไหม ครับ",
        # No surname before a Chinese title; a label not followed by its colon.
        "各位先生女士，欢迎光临",
        "اسم المستخدم غير صحيح",
        # "ولد" is also "was born"; a street, a mosque, a companion of the Prophet.
        "ولد في دمشق عام 1960 ونشأ فيها",
        "يقع المحل في شارع عمر بن الخطاب",
        "الطفل ولد  في مستشفى الجامعة.",  # "was born in", blanks doubled
        "أنا إبن مصر وأفتخر.",  # "I am a son of Egypt"
        "روى عبد الله بن عباس رضي الله عنهما",
        "حدثنا عبد الله بن يوسف قال أخبرنا مالك",  # a hadith's chain of narrators
        "عمر بن الخطاب (رضي الله عنه) كان عادلا",
        "تأسست جامعة الإمام محمد بن سعود الإسلامية عام 1974",  # a university
        # Latin letters after a title of another script belong to the English rules.
        "السيد John",
    ],
)
def test_polite_words_are_no_names(recognizer: TitledNameInScriptRecognizer, text: str) -> None:
    assert_nothing(recognizer, text)
