"""Recognize names in scripts without capital letters by the titles and labels around them.

A capital tells an English reader where a name starts; Chinese, Japanese,
Korean, Thai, Arabic, Hebrew, Devanagari, Bengali, Tamil, Georgian and
Amharic have none, and the English model reads their sentences as one span
or not at all. Their writers mark a person another way, and always in the
same place:

* a title before the name: Arabic "السيد", Persian "آقای", Hebrew "מר",
  Hindi "श्री", Bengali "জনাব", Tamil "திரு.", Georgian "ბატონი", Armenian
  "Պարոն", Amharic "አቶ", Thai "นาย" (glued to the given name, the surname
  after a blank);
* a title after it: Japanese "様", "さん" (not "氏", a clan's, nor "殿", a
  hall's); Korean "님", "씨"; Chinese
  "先生", "女士", "小姐" after a surname, and a trade or kin word right
  after a bare surname ("王师傅", "张阿姨"; "高级医生" is a senior doctor);
* a form's label: "姓名：", "氏名：", "이름:", "ชื่อ:", "الاسم:", "שם:",
  "नाम:", "სახელი:".

Chinese writes no blanks between words, so a name there is found by its
surname, one of the common ones, right before the title ("请联系张伟先生");
Korean surnames open the word before the title the same way ("김민준 님").
Japanese names are the run of kanji or katakana before the title, after
kana ("明日は田中さんに"); an honorific prefix before it makes a polite
word of it ("お客様", "ご苦労様").
"""

from __future__ import annotations

import regex
from presidio_analyzer import LocalRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from privacy.desensitize.recognizers.results import recognizer_result
from privacy.desensitize.scripts import FIELD_COLONS

# A word of a name in a script other than Latin: letters and their marks
# (Devanagari, Bengali and Tamil vowels are marks), with an inner hyphen or
# apostrophe ("عبد-الله", "ג'ורג'").
_WORD = r"[[\p{L}\p{M}]--[\p{Latin}]]+(?:['’\-][[\p{L}\p{M}]--[\p{Latin}]]+)*"
# Up to three words, one blank apart, after a title: given name, father's
# or family name, and a grandfather's or a second family name ("أحمد محمد
# العلي", "राजेश कुमार शर्मा", "አበበ በቀለ").
# Arabic, Persian and Urdu join a father's name with "بن"/"بنت"/"ولد" (son
# or daughter of): the joining word is no word of the name's three.
_NAME_AFTER_TITLE = rf"(?P<name>{_WORD}(?:(?:[ \t](?:بن|بنت|ابن|ولد|بنت))?[ \t]{_WORD}){{0,2}})"
# Titles written before a name, as a word of their own.
_TITLES_BEFORE = (
    r"السيد|السيدة|الآنسة|الأستاذ|الأستاذة|الدكتور|الدكتورة|المهندس|المهندسة|الحاج|الحاجة|الشيخ"
    # "Dear", "brother", "sister" and the abbreviated doctor and engineer
    # ("د. هشام فؤاد", "م. قاسم جبار"; not after a number, where "م." is the era).
    r"|عزيزي|عزيزتي|الأخ|الأخت|(?<![\d٠-٩][ \t]?)(?:د|م)\."
    r"|آقای|خانم|جناب|محترم|محترمہ|מר|גב['’]|גברת|ד\"ר|עו\"ד"
    r"|श्री|श्रीमती|सुश्री|कुमारी|डॉ\.?|জনাব|শ্রী|শ্রীমতী|বেগম|ডাঃ|মোঃ|মোছাঃ"
    r"|திரு\.?|திருமதி|செல்வி|ბატონ(?:ი|ო|მა)?|ქალბატონ(?:ი|ო|მა)?"
    r"|Պարոն|Տիկին|Օրիորդ|Հարգելի|պրն\.|տկն\.|አቶ|ወ/ሮ|ወ/ሪት|ዶ/ር"
)
_TITLED = regex.compile(
    rf"(?<![\p{{L}}\p{{M}}])(?:{_TITLES_BEFORE})[ \t]+{_NAME_AFTER_TITLE}(?![\p{{L}}\p{{M}}])", regex.V1
)
# A name that joins a father's name with "بن"/"بنت"/"ابن" (son or daughter
# of), or "ولد" as Persian, Dari and Urdu do, needs no title: "وليد بن صالح
# الطرابلسي", "نورة بنت محمد الدوسري", "گل احمد ولد عبدالرحیم". One word
# before the first joining word ("عبد الله" as one), each father after his
# own, and a family name that opens with the article. "إبن" is "ابن" with
# its hamza; the words may stand a few blanks apart, or a no-break space.
# Arabic "ولد" is also "was born" and "boy": not before a preposition or a
# word of time. A pronoun is no name ("أنا ابن مصر": "I am a son of Egypt").
_ARABIC_WORD = r"\p{Arabic}[\p{Arabic}\p{M}\u200c]*"
_BLANKS = r"[ \t\u00a0]{1,3}"
_SON_OF = (
    rf"(?:بن|بنت|[اإ]بن|[اإ]بنة|ولد(?!{_BLANKS}(?:في|فى|عام|سنة|يوم|من|على|عن|بعد|قبل|له|لها)(?!\p{{Arabic}})))"
)
_PRONOUN = r"(?:أنا|انا|هو|هي|أنت|انت|أنتِ|نحن|إنه|انه|إنها|انها)(?![\p{L}\p{M}])"
# A name's word, with "servant of" or a kunya ("father of", "mother of")
# before it as one: "عبد الله", "أبو بكر".
_CHAIN_WORD = rf"(?:(?:عبد|أبو|ابو|أبي|ابي|أم)[ \t\u00a0]?)?{_ARABIC_WORD}"
# A street, a mosque, a school, a university, a hospital or a town named
# after a man of history or a king ("شارع عمر بن الخطاب", "جامعة الإمام محمد
# بن سعود"), the narrators of a hadith ("حدثنا …", "روى …") and the
# companions a religious text blesses ("… رضي الله عنه"), are no one the
# record is about. A father's name takes no article ("ابن البلد" is "a son
# of the country"). A family name with the article is a name of descent
# ("العتيبي", "الدوسري", "العتيبى": the nisba's final "ي", "ى" or "ی")
# anywhere but the relative pronouns "الذي" and "التي"; another word with
# the article, only where it closes the line or the clause: before anything
# else it is a noun the sentence goes on with ("قاد طارق بن زياد الجيش").
_PATRONYMIC_CHAIN = regex.compile(
    r"(?<![\p{L}\p{M}\u200c])"
    r"(?<!(?:شارع|طريق|مسجد|جامع|مدرسة|جامعة|مستشفى|مدينة|حي|الملك|الأمير|الإمام|خیابان|کوچه|بلوار"
    r"|حدثنا|أخبرنا|أنبأنا|روى|رواه|عبد|أبو|ابو|أبي|ابي|أم)[ \t]+)"
    rf"(?!{_PRONOUN})"
    rf"(?P<name>{_CHAIN_WORD}(?:{_BLANKS}{_SON_OF}{_BLANKS}(?!ال){_CHAIN_WORD}){{1,3}}"
    rf"(?:{_BLANKS}(?!(?:الذي|التي)(?![\p{{L}}\p{{M}}]))ال{_ARABIC_WORD}"
    r"(?:(?<=[يىی])|(?=[ \t]*(?:[\n.,،:;؛!?؟)(]|$))))?)"
    r"(?![\p{L}\p{M}])(?![ \t(（،,]*(?:رضي|رحمه|عليه[ \t]+السلام|صلى))"
)
# Arabic gives no given name its article: after a title, a word that opens
# with "ال" is an office or a rank ("السيد الرئيس", "السيدة الأولى").
_ARABIC_ARTICLE = "ال"
# Thai titles glued to the given name, the surname after one blank:
# "นางสาวสุดา แสงทอง", "นายสมชาย ใจดี". "คุณ" is "you" as often, and stays out.
# Words that open with "นาย" or "นาง" and are no title: employer, prime minister,
# broker, capitalist, nurse, model, heroine.
_THAI_TITLED = regex.compile(
    r"(?<!\p{Thai})(?:นางสาว|นาง(?!พยาบาล|แบบ|เอก|ร้าย)|นาย(?!จ้าง|กรัฐมนตรี|กเทศมนตรี|ก[ \t]|หน้า|ทุน|ด่าน|ท่า|อำเภอ)"
    r"|น\.ส\.|ด\.ช\.|ด\.ญ\.|ดร\.|นพ\.|พญ\.)"
    r"[ \t]?(?P<name>\p{Thai}+[ \t]\p{Thai}+)(?!\p{Thai})"
)
# The common surnames of China (simplified and traditional), first of a
# name of two or three characters, and of Korea, first of a word of two to
# four syllables.
_CHINESE_SURNAMES = (
    "王李张張刘劉陈陳杨楊黄黃赵趙吴吳周徐孙孫马馬朱胡郭何高林罗羅郑鄭梁谢謝宋唐许許韩韓冯馮邓鄧曹彭曾"
    "肖蕭田董袁潘于蒋蔣蔡余杜叶葉程苏蘇魏吕呂丁任沈姚卢盧姜崔钟鍾谭譚陆陸汪范金石廖贾賈夏韦韋付方白邹鄒"
    "孟熊秦邱江尹薛闫閆段雷侯龙龍史陶黎贺賀顾顧毛郝龚龔邵万萬钱錢严嚴覃武戴莫孔向汤湯"
)
# The next hundred or so, less those that are as often a common word ("车",
# "华", "祝"). Many still end words ("年纪", "常勤", "项链"), so they count only
# where a person is addressed after a word that leads to one.
_MORE_CHINESE_SURNAMES = (
    "傅阎閻易常乔喬赖賴庞龐樊殷施洪翟颜顏倪俞鲁魯葛伍申聂聶焦邢岳庄莊涂祁耿詹苗凌纪紀靳甄项項裴鲍鮑霍翁"
    "柯阮桂柴冉戚滕褚廉娄婁穆郎姬栾欒窦竇卓蓝藍虞卞佟匡岑尤毕畢"
)
# Surnames of two characters: "欧阳老师", "司马先生".
_CHINESE_COMPOUND_SURNAMES = (
    r"欧阳|歐陽|司马|司馬|诸葛|諸葛|上官|慕容|令狐|皇甫|尉迟|尉遲|公孙|公孫|夏侯|宇文|司徒|端木|南宫|南宮"
)
_KOREAN_SURNAMES = (
    "김이박최정강조윤장임한오서신권황안송류전홍고문양손배백허유남심노하곽성차주우구민진지엄채원천방공현함변염여추"
    "도소석선설마길연위표명기반왕금옥육인맹제모탁국어은편용"
)
# Forms of address only: a trade after a surname's character is as often a
# word that opens with it ("高级医生", a senior doctor).
_CHINESE_TITLES = r"先生|女士|小姐|太太|夫人"
# "向" and "于" are surnames and prepositions: before another surname they are
# the preposition ("请向王先生咨询").
_CHINESE_TITLED = regex.compile(
    rf"(?:[向于](?=[{_CHINESE_SURNAMES}]))?(?P<name>(?:{_CHINESE_COMPOUND_SURNAMES}|[{_CHINESE_SURNAMES}])\p{{Han}}{{0,2}}?)"
    rf"(?:{_CHINESE_TITLES})"
)
# A trade or kin word that Chinese puts after a bare surname to address
# someone: the courier "王师傅", the neighbour "张阿姨", the teacher "林老师",
# the manager "李经理", the doctor "陈医生", the boss "王总", the elder
# brother "李哥". Many surnames' characters end
# words too ("谢谢老师" thanks the teacher, "上周医生" is last week's doctor,
# "历史老师" teaches history, "请向医生咨询"): the surname must open the
# text, a line or a clause, or follow a word that leads to a person: "的",
# "是", "给", "跟", "和", "与", "找", "问", "叫", "让", "请", "把", "被", the
# end of "我们", "联系", "告诉", "麻烦", "辛苦", "咨询", "预约", "老板", or "看",
# "见", "听" ("我们王总", "联系王总", "辛苦李姐", "看林醫師"), a
# trade's "员" or "机" ("快递员王师傅", "司机李师傅"), or thanks ("谢谢王老师";
# "谢谢老师" thanks no one named Xie). Only the surname's character right
# before the title: with a given name between, "周末老师" (the weekend's
# teacher) would read as one. "向" and "于" are prepositions here ("对于医生").
_CHINESE_ADDRESSED = regex.compile(
    r"(?:(?<![\p{L}\p{N}])|(?<=[的是给跟和与找问叫让请把被员机給與問讓請員機们們系係诉訴烦煩苦询詢约約板看见見听聽])"
    r"|(?<=谢谢|謝謝|感谢|感謝|多谢|多謝)(?![谢謝]))"
    rf"(?P<name>{_CHINESE_COMPOUND_SURNAMES}|(?![向于])[{_CHINESE_SURNAMES}{_MORE_CHINESE_SURNAMES}])"
    r"(?:师傅|師傅|阿姨|叔叔|老师|老師|经理|經理|医生|醫生|医师|醫師|律师|律師|教授"
    # The boss, where no adverb "always", "in all" or a total is meant ("王总说";
    # not "钱总是不够", "钱总算到了", "总共", "总额"), the elder brother and sister ("李哥", "张姐").
    r"|[总總](?![额額数數量计計值价價是算共结結体體统統理部会會要得归歸不收书書])|哥|姐)"
)
_KOREAN_TITLED = regex.compile(
    rf"(?<!\p{{Hangul}})(?P<name>[{_KOREAN_SURNAMES}]\p{{Hangul}}{{1,3}}?)[ \t]?"
    r"(?:선생님|고객님|회원님|과장님|부장님|대리님|사장님|교수님|님|씨(?!앗))"
)
# Words for a person's role that take the same titles as a name ("선생님",
# "고객님"): a Korean word of them before "님" is no name.
_KOREAN_ROLES = frozenset(
    """
    선생 고객 회원 과장 부장 대리 사장 교수 팀장 대표 원장 기사 여러분 환자 이사 하나 이모 고모 차장 신부 공주
    왕자 기자 반장 실장 소장 사모 선배 후배 마음 아드 따님 아버 어머 할머 할아버 부모
    """.split()
)
# A Japanese name: two to four kanji (no title among them: "神様仏様"), or
# katakana, before the title and after kana or a blank, not after the
# honorific prefixes "お", "ご", "御".
_JAPANESE_TITLED = regex.compile(
    r"(?<![\p{Han}おご御])(?P<name>(?:(?![様殿氏])\p{Han}){2,4}|[\p{Katakana}ー・]{2,12})[ \t　]?"
    r"(?:様|さま|さん|くん|ちゃん)"
)
# Roles, kin and customers Japanese addresses with the same titles ("社長さん",
# "患者様", "息子さん", "ユーザー様"), and words that end as a role does: a
# person (者), a shop (屋), a member (員), a chief (長), a company (社).
_JAPANESE_ROLES = frozenset(
    """
    社長 部長 課長 会長 店長 先生 店員 駅員 運転手 看護師 医者 患者 担当者 大家 隣人 会員 利用者 息子 旦那 奥
    先輩 後輩 各位 株式会社 ユーザー ママ パパ サンタ スタッフ ゲスト メンバー オーナー ドライバー
    """.split()
)
_JAPANESE_ROLE_ENDING = regex.compile(r"[者屋員長社]$")
# A form's label for a name in those scripts, then its value: words of the
# script, one blank apart, up to a separator, a number or the next label.
# Chinese and Japanese glue the label to the words before it ("患者姓名："),
# but "駅の名前" is a station's name.
# The labels of the people a form names by their part in it too: the
# contact, sender, recipient, applicant, patient, doctor, guardian, landlord
# and tenant, husband, father ("收件人：", "醫師：", "保護者：", "성함:",
# "보호자:", "ผู้เช่า:", "اسم المريض:", "المؤجر:", "נמען:", "नाम पिता:", "पति:",
# "نام پدر:"); Korean spaces a label's letters apart ("성　　명:").
_LABEL = (
    r"(?:姓名|氏名|お名前|(?<!の)名前|フリガナ|ふりがな"
    r"|联系人|聯絡人|聯繫人|收件人|收货人|收貨人|寄件人|申请人|申請人|推荐人|推薦人|负责人|負責人|经办人|經辦人"
    r"|监护人|監護人|病患|患者|醫師|医师|保護者|申込者|契約者|担当者?"
    r"|(?<![\p{L}\p{M}])(?:이름|성[ \t　]*명|성함|담당자|보호자|신청인|수령인|예금주"
    r"|받는[ \t]?사람|보내는[ \t]?사람|환자"
    r"|ชื่อ(?:[ \t]?[-–][ \t]?นามสกุล|[ \t]?นามสกุล)?|ผู้ติดต่อ|ผู้เช่า|ผู้ให้เช่า|ผู้รับ|ผู้ส่ง"
    r"|الاسم(?:[ \t]الكامل)?|اسم(?:[ \t](?:المريض|العميل|الأب|الأم|المستفيد))?|المؤجر|المستأجر|المرسل|المستلم"
    r"|שם(?:[ \t]מלא)?|בעלים|נמען|שולח"
    r"|नाम|পতি|पति|पत्नी|पिता|माता|प्रेषक|प्रापक|নাম|பெயர்|სახელი(?:[ \t]და[ \t]გვარი)?"
    r"|Անուն(?:[ \t]Ազգանուն)?|Ստացող|ስም|ተከራይ|አከራይ|ምስክር"
    r"|نام(?:[ \t](?:پدر|مادر)|[ \t]و[ \t]نام[ \t]خانوادگی)?))"
)
# A title written apart after the name is no word of it: "林怡君 小姐".
_TITLE_WORD = r"(?:先生|女士|小姐|太太|夫人|様|さん|님|씨)(?![\p{L}\p{M}])"
# A value's word ends at a bracket: "佐藤 健太（フリガナ：…" holds a second label, not
# a third word of the name.
_VALUE_LETTER = rf"[^\s\d\p{{Latin}},，、;；|{FIELD_COLONS}()（）/]"
_VALUE_WORD = rf"{_VALUE_LETTER}+"
_LABELLED = regex.compile(
    rf"{_LABEL}[ \t]*[{FIELD_COLONS}՝፡][ \t]*"
    rf"(?P<name>{_VALUE_WORD}"
    rf"(?:[ \t　](?!{_VALUE_LETTER}{{1,12}}[{FIELD_COLONS}])(?!{_TITLE_WORD}){_VALUE_WORD}){{0,3}})"
)


class TitledNameInScriptRecognizer(LocalRecognizer):
    """Marks the name a title or a form's label announces in a script without capitals."""

    ENTITY = "PERSON"
    SCORE = 0.7
    EXPLANATION = "Name after or before a title, or after a name's label, in its own script"

    def __init__(self) -> None:
        super().__init__(supported_entities=[self.ENTITY], name="TitledNameInScriptRecognizer")

    def load(self) -> None:
        """Nothing to load: the patterns are compiled at import."""

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        """One result per announced name."""
        found = {
            match.span("name")
            for pattern in (_THAI_TITLED, _CHINESE_TITLED, _CHINESE_ADDRESSED, _LABELLED, _PATRONYMIC_CHAIN)
            for match in pattern.finditer(text)
        }
        found |= {
            match.span("name") for match in _TITLED.finditer(text) if not match["name"].startswith(_ARABIC_ARTICLE)
        }
        found |= {
            match.span("name") for match in _KOREAN_TITLED.finditer(text) if match["name"] not in _KOREAN_ROLES
        }
        found |= {
            match.span("name")
            for match in _JAPANESE_TITLED.finditer(text)
            if match["name"] not in _JAPANESE_ROLES and not _JAPANESE_ROLE_ENDING.search(match["name"])
        }
        return [
            recognizer_result(self, self.ENTITY, start, end, self.SCORE, self.EXPLANATION)
            for start, end in sorted(found)
        ]
