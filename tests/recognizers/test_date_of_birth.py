"""DateOfBirthRecognizer alone: a date counts only after a birth cue, and only the date is taken."""

from __future__ import annotations

import pytest

from privacy.desensitize.recognizers import DateOfBirthRecognizer

from . import assert_found, assert_nothing

ENTITY = "DATE_OF_BIRTH"
SCORES = (0.8, 0.9)


@pytest.fixture(scope="module")
def recognizer() -> DateOfBirthRecognizer:
    return DateOfBirthRecognizer()


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Born on 12/03/1985 in Lyon.", [(8, 18, "12/03/1985")]),
        ("DOB: 1985-03-12", [(5, 15, "1985-03-12")]),
        ("Date of birth (G.C.): 17 April 1995", [(22, 35, "17 April 1995")]),  # a note in brackets
        # Abbreviated on forms: Portuguese "Nasc.", Spanish "fecha de nac.", Croatian "rođena".
        ("Nome: Maria | Nasc.: 17/06/1949 | CPF", [(21, 31, "17/06/1949")]),
        ("pasaporte AAB123456, fecha de nac. 02/03/1994", [(35, 45, "02/03/1994")]),
        ("Ivana, rođena 12.05.1988.", [(14, 24, "12.05.1988")]),
        ("date of birth: March 12, 1985", [(15, 29, "March 12, 1985")]),
        ("My birthday is the 4th of July", [(15, 30, "the 4th of July")]),
        ("geboren am 12.03.85", [(11, 19, "12.03.85")]),
        # Cues and month names of more languages, Czech spacing and Hungarian year-first dates.
        ("Syntymäaikani on 4. maaliskuuta 1987.", [(17, 36, "4. maaliskuuta 1987")]),
        ("la Júlia, nascuda el 12 de juny de 1990", [(21, 39, "12 de juny de 1990")]),
        ("Sunt născut pe 3 martie 1984 în Iași", [(15, 28, "3 martie 1984")]),
        ("Kovács Péter (szül. 1979. október 8.)", [(20, 36, "1979. október 8.")]),
        ("Datum narození: 7. 11. 1991", [(16, 27, "7. 11. 1991")]),
        ("γεννήθηκε στις 5 Μαΐου 1980 στην Πάτρα", [(15, 27, "5 Μαΐου 1980")]),
        ("Syn urodził się 14 lutego 2016 w Gdańsku", [(16, 30, "14 lutego 2016")]),
        ("born in 1985", [(8, 12, "1985")]),
        ("I was born in March 1985 in Leeds.", [(14, 24, "March 1985")]),
        ("b. 1972", [(3, 7, "1972")]),
        ("d.o.b 01/02/03", [(6, 14, "01/02/03")]),
        ("bday: Jan 5th", [(6, 13, "Jan 5th")]),
        ("fecha de nacimiento: 12/03/1985", [(21, 31, "12/03/1985")]),
        ("DOB 12-03-1985, born 1990", [(4, 14, "12-03-1985"), (21, 25, "1990")]),
        ("DOB 12MAR79", [(4, 11, "12MAR79")]),
        # Day, month's name and year joined by dashes, dots or slashes; a Thai year of the Buddhist era.
        ("Date of birth: 11-Nov-1992", [(15, 26, "11-Nov-1992")]),
        ("DOB 04.Aug.87 (copy)", [(4, 13, "04.Aug.87")]),
        ("Date of birth: 2 March 2529 B.E.", [(15, 32, "2 March 2529 B.E.")]),
        # The answer to a question that asked for it.
        ("Your date of birth? It's 6/16/1967.", [(25, 34, "6/16/1967")]),
        ("born on May 4th, 1991", [(8, 21, "May 4th, 1991")]),
        ("Geburtsdatum: 12. März 1985", [(14, 27, "12. März 1985")]),
        ("nacido el 4 de mayo de 1991", [(10, 27, "4 de mayo de 1991")]),
        ("Doğum tarihi: 04.05.1991", [(14, 24, "04.05.1991")]),
        # Month names and cues of Polish, Czech, Turkish, Indonesian and Russian.
        ("ur. 4 listopada 1990 w Łodzi", [(4, 20, "4 listopada 1990")]),
        ("Narozen 12. března 1985 v Brně", [(8, 23, "12. března 1985")]),
        ("doğum tarihim 3 Nisan 1992", [(14, 26, "3 Nisan 1992")]),
        ("tgl lahir 17 Agustus 1990", [(10, 25, "17 Agustus 1990")]),
        ("я родилась 3 марта 1994 года", [(11, 23, "3 марта 1994")]),
        # The place of birth before the date.
        ("tempat/tgl lahir Bandung, 12-08-1993", [(26, 36, "12-08-1993")]),
        ("born in Paris, France on 3 May 1990", [(25, 35, "3 May 1990")]),
        # The birth date field of an airline's DOCS record.
        ("HK1/P/GBR/S12345678/GBR/12JUL76/M/20NOV30/SMITH/JOHN", [(24, 31, "12JUL76")]),
        ("HK1 P/GBR/S12345678/GBR/12JUL76/M/20NOV30/SMITH/JOHN", [(24, 31, "12JUL76")]),
        ("HK1 P/GBR/S12345678/GBR/12JUL23/FI/20NOV30/SMITH/JANE", [(24, 31, "12JUL23")]),  # an infant
        # A child's birth date in the record's name element; cues of more languages.
        ("2.KOWALCZYK/IGOR MSTR(CHD/17SEP15)", [(26, 33, "17SEP15")]),
        ("Dátum narodenia: 4. 12. 1995", [(17, 28, "4. 12. 1995")]),
        ("Ngày sinh: 12/08/1994", [(11, 21, "12/08/1994")]),
        ("Datëlindja: 03.05.1988", [(12, 22, "03.05.1988")]),
        # Cues in other scripts, the digits of those scripts, the years of
        # their calendars and eras, a town before an Arabic comma.
        ("تاریخ تولد: ۱۳۸۲/۰۶/۱۵", [(12, 22, "۱۳۸۲/۰۶/۱۵")]),
        ("تاريخ ومحل الولادة: بغداد، 1992/11/03", [(27, 37, "1992/11/03")]),
        ("سعود (الابن، مواليد 2016/03/22)", [(20, 30, "2016/03/22")]),
        ("प्रिया गोयल, जन्म 14-08-1997, कद", [(18, 28, "14-08-1997")]),
        ("出生日期：民國74年6月3日", [(5, 14, "民國74年6月3日")]),
        ("生年月日：平成2年8月21日", [(5, 14, "平成2年8月21日")]),
        ("생년월일: 1990년 5월 12일", [(6, 18, "1990년 5월 12일")]),
        ("Dáta breithe: 17/03/2019", [(14, 24, "17/03/2019")]),
        ("Születési hely, idő: Debrecen, 1978. 10. 02.", [(31, 44, "1978. 10. 02.")]),
        # The same date again in brackets, in another calendar or writing; an age before it.
        ("DOB: 1988-02-14 (25 Bahman 1366)\nTel", [(5, 15, "1988-02-14"), (17, 31, "25 Bahman 1366")]),
        ("出生日期：民國 77 年 2 月 14 日 (1988/02/14)", [(5, 21, "民國 77 年 2 月 14 日"), (23, 33, "1988/02/14")]),
        ("DOB: age 36 (1988-02-14)", [(13, 23, "1988-02-14")]),
        # Month names of other scripts and calendars; Hebrew's "in" before a date and a month.
        ("تاريخ الميلاد: 9 مارس 1979", [(15, 26, "9 مارس 1979")]),
        ("مواليد 3 تشرين الأول 1990 في حلب", [(7, 25, "3 تشرين الأول 1990")]),
        ("הוא נולד ב-7 ביוני 1984 בחיפה", [(11, 23, "7 ביוני 1984")]),
        ("วันเกิด: 5 มิถุนายน พ.ศ. 2527", [(9, 29, "5 มิถุนายน พ.ศ. 2527")]),
        ("تاريخ الميلاد: 2 اكتوبر 1990", [(15, 28, "2 اكتوبر 1990")]),
        ("วันเกิด 5 มิ.ย. 2490", [(8, 20, "5 มิ.ย. 2490")]),
        ("היא נולדה בתאריך 3 במרץ 1975", [(17, 28, "3 במרץ 1975")]),
        ("तारीख: जन्म 9 मार्च 1979", [(12, 24, "9 मार्च 1979")]),
        ("تاریخ تولد: ۱۸ خرداد ۱۳۶۳", [(12, 25, "۱۸ خرداد ۱۳۶۳")]),
        # An era's first year, an era's initial and the date short.
        ("生年月日：令和元年5月1日", [(5, 13, "令和元年5月1日")]),
        ("生年月日 H2.8.21", [(5, 12, "H2.8.21")]),
        # A Japanese era in Latin letters, the Gregorian year beside it.
        ("Date of birth: Showa 63 (1988) 2/14", [(15, 35, "Showa 63 (1988) 2/14")]),
        ("Date of birth: Reiwa 2, May 4", [(15, 29, "Reiwa 2, May 4")]),
    ],
)
def test_dates_after_a_birth_cue_are_found(
    recognizer: DateOfBirthRecognizer, text: str, expected: list
) -> None:
    assert_found(recognizer, text, expected, ENTITY, SCORES)


@pytest.mark.parametrize(
    "text",
    [
        "The meeting is on 12/03/2025.",
        "The reborn 2019 edition",
        "born 2 weeks ago",
        "my birthday is on friday",
        "born in Paris",
        "born in Marseille",
        "HK1/P/GBR/S12345678/GBR/12JUL76/X7/",
        "Born in 1885",
        "She was born in Lyon, France, and moved",
        "Meeting on 4 listopada 2026 at 10",
        "Sold 12/03/1985, born later",
        "会議は2024年6月3日です",  # a date in characters without a birth cue
        "منتخب مصر مواليد 2005 يفوز على تونس",  # a youth team's age group: a year alone
        "Fædd 1990 í Reykjavík",
        "تاريخ الميلاد: غير معروف، 2020/05/01 تاريخ التسجيل",  # unknown; then another date
        "۱۴۰۳/۰۳/۱۵ جلسه",
        # After a cue, an era's name without its year, an era's year and
        # month without the day, a formula that looks like an era's initial.
        "Date of birth: Heisei era, day unknown",
        "生年月日 H2.8 頃",
        "DOB: H2O 8.21",
        "เหตุการณ์นี้เกิดเมื่อ 14 ตุลาคม 2516",  # "occurred on" as often as "born on"
        "Leonardo da Vinci was born in 1452",  # a solar-Hijri-looking year alone is history's
        "DOB: (call 555 1234)",  # a note in brackets is no second writing of a date
        "",
    ],
)
def test_dates_without_a_birth_cue_are_not(recognizer: DateOfBirthRecognizer, text: str) -> None:
    assert_nothing(recognizer, text)
