"""Generate bench/data/desensitize_multilingual.jsonl: hand-written records in eleven languages.

The other sets are mostly English, and so was most of what the recognizers were
tuned on; a user in Kraków or Surabaya types in their own language, with their
own name order, address format, phone plan and national identifiers. These
records were written by hand, without looking at what the recognizers catch,
and measured before the recognizers were changed for them. They are
the things people type to an assistant or keep on a phone: messages, notes,
tickets, forms, itineraries. Each language has about twenty labeled records
and four trap records (brands, dishes, landmarks and common words that look
like names or places, with no personal data in them).

Spans are written inline, so a record reads as the text it is:
``[[TYPE:value]]`` labels ``value`` with ``TYPE``, and ``[[TYPE@City:value]]``
also gives the city a location span must be generalized to, spelled as the text
spells it where the gazetteer knows that spelling ("Wien", "İzmir") and in
English otherwise (the Cyrillic records), so keeping the city's own name in its
own spelling is generalization, not a leak. The output has the format of
``desensitize_eval.jsonl`` (see ``generate_desensitize_eval.py``); ids carry
the language ("de000"). National identification numbers, which the other sets
do not have, are labeled ``NATIONAL_ID``; their check digits (where they have
them) are valid, as are those of the IBANs and card numbers.

    .venv/bin/python bench/data/generate_desensitize_multilingual.py
"""

from __future__ import annotations

import json
import re
from pathlib import Path

OUTPUT = Path(__file__).with_name("desensitize_multilingual.jsonl")
_SPAN = re.compile(r"\[\[([A-Z_]+)(?:@([^:\]]+))?:(.+?)\]\]")

RECORDS: dict[str, list[str]] = {
    "de": [
        (
            "Hallo, hier ist [[PERSON:Jörg Häberle]]. Meine neue Adresse: "
            "[[STREET_ADDRESS@Stuttgart:Rotebühlstraße 121, 3. OG links, 70178 Stuttgart]]. Kannst du mir "
            "eine Ummeldung formulieren?"
        ),
        "Termin bei Frau Dr. [[PERSON:Schwarzkopf-Ilgner]] am Dienstag, bitte Erinnerung um 8 Uhr setzen",
        "schreib [[PERSON:mehmet]] dass ich später komme, seine nummer ist [[PHONE_NUMBER:0176 48293716]]",
        (
            "Rechnung an: [[PERSON:Katharina von der Lühe]], [[STREET_ADDRESS@Leipzig:Karl-Liebknecht-Str. "
            "141, Hinterhaus, 04275 Leipzig]]"
        ),
        (
            "Überweisung an [[PERSON:Tobias Wendland]], IBAN [[IBAN_CODE:DE14 6005 0101 0002 1489 36]], "
            "Verwendungszweck Miete März – ist das so korrekt?"
        ),
        (
            "NAME: [[PERSON:KOWALCZYK]], VORNAME: [[PERSON:EWA]], GEB.: [[DATE_OF_BIRTH:03.09.1979]], "
            "REISEPASS: [[PASSPORT:C4F7KJ2T9]]"
        ),
        (
            "Wir treffen uns bei [[PERSON:Ayşe Kaya]], [[STREET_ADDRESS@Wien:Mariahilfer Straße 77/3/12, 1060 "
            "Wien]]. Was bringe ich zum Essen mit?"
        ),
        "Mein Standort: [[GPS_COORDINATES@Stuttgart:48,7784° N, 9,1800° O]] – wo ist die nächste Apotheke?",
        (
            "Das Auto mit dem Kennzeichen [[LICENSE_PLATE:S-KL 3071]] steht seit Tagen vor meiner Einfahrt, "
            "wie melde ich das?"
        ),
        "Bitte antworte an [[EMAIL_ADDRESS:j.haeberle@web.de]] und nicht an die Firmenadresse",
        (
            "Lieferadresse Schweiz: [[PERSON:Reto Brunner]], [[STREET_ADDRESS@Zürich:Badenerstrasse 281, 8003 "
            "Zürich]], Tel. [[PHONE_NUMBER:+41 44 381 27 64]]"
        ),
        "Geburtsdatum [[DATE_OF_BIRTH:14. März 1987]], Geburtsort Leipzig – reicht das für den Antrag?",
        "Treffpunkt [[GPS_COORDINATES@Leipzig:N 51° 20.386' E 012° 22.390']] (der Cache liegt unter der Bank)",
        (
            "Profil von [[PERSON:Lena Dąbrowska]]: [[URL:https://www.xing.com/profile/Lena_Dabrowska2]] – "
            "fass bitte ihren Werdegang zusammen"
        ),
        "Notfallkontakt: Herr [[PERSON:Okonkwo]], [[PHONE_NUMBER:+49 (0)89 2180 3412]]",
        (
            "Die Wohnung in der [[STREET_ADDRESS@Bremen:Ostertorsteinweg 58a, 28203 Bremen]] kündige ich zum "
            "30.6., schreib mir bitte ein Kündigungsschreiben."
        ),
        "Zahlung per Karte [[CREDIT_CARD:4532 0187 4523 0962]], Karteninhaber [[PERSON:DANIEL ZIMMERMANN]]",
        "meine PLZ ist [[POSTCODE@Hannover:30159]] – welche Packstation ist am nächsten?",
        (
            "Sag Oma [[PERSON:Hildegard]] Bescheid, dass [[PERSON:Jonas]] und [[PERSON:Fatma Özdemir]] am "
            "Sonntag mitkommen"
        ),
        "Mein NAS zuhause hat die [[IP_ADDRESS:192.168.178.34]] – wie richte ich eine Portfreigabe ein?",
        (
            "Fahrer: [[PERSON:Nguyen Van Duc]], Kennzeichen [[LICENSE_PLATE:MS-TK 482]], Abholung "
            "[[STREET_ADDRESS@Münster:Hammer Str. 23, 48153 Münster]] um 14:30"
        ),
    ],
    "fr": [
        (
            "Bonjour, je suis [[PERSON:Aminata Diallo]], j'habite au [[STREET_ADDRESS@Marseille:14 bis rue "
            "Paradis, bât. B, 3e étage, 13001 Marseille]]. Peux-tu m'aider à rédiger une lettre à mon "
            "propriétaire ?"
        ),
        "rappelle [[PERSON:karim]] au [[PHONE_NUMBER:07 81 23 45 67]] avant midi",
        "Mme [[PERSON:Lefèvre-Dumoulin]] a confirmé le rendez-vous de jeudi, mets-le dans l'agenda",
        "Virement à [[PERSON:Théo Marchand]] : [[IBAN_CODE:FR76 2004 1010 1305 3872 6502 126]] — motif : loyer avril",
        "NOM : [[PERSON:DE SAINT-AUBIN]]   PRÉNOM : [[PERSON:GASPARD]]   NÉ LE : [[DATE_OF_BIRTH:02/10/1991]]",
        "Passeport n° [[PASSPORT:19FJ28471]], il expire en mars, je dois le renouveler quand ?",
        "Ma voiture immatriculée [[LICENSE_PLATE:GH-417-PK]] a été enlevée par la fourrière. Que faire ?",
        "Position actuelle : [[GPS_COORDINATES@Strasbourg:48°34'24\"N 7°45'08\"E]] — un resto ouvert près d'ici ?",
        "mon mail c'est [[EMAIL_ADDRESS:theo.marchand38@free.fr]] envoie moi le devis",
        (
            "Chez [[PERSON:Jean-Baptiste N'Guessan]], [[STREET_ADDRESS@Nantes:Appt 21, 27 quai de la Fosse, "
            "44000 Nantes]] : on apporte le dessert"
        ),
        (
            "Nouvelle adresse en Belgique : [[STREET_ADDRESS@Liège:Rue Saint-Gilles 52 bte 3, 4000 Liège]], "
            "tu peux prévenir la banque ?"
        ),
        "Numéro de sécu : [[NATIONAL_ID:2 91 02 75 056 123 84]], c'est pour le formulaire de la CPAM",
        "Coordonnées du gîte : [[GPS_COORDINATES@Nice:43.7009, 7.2683]], on arrive vers 18 h",
        "Salut c'est [[PERSON:Maëlle]] ! Mon insta : [[URL:instagram.com/maelle.bzh]]",
        "Née le [[DATE_OF_BIRTH:3 février 1991]] à Montpellier, quel est mon signe chinois ?",
        (
            "Envoyer le colis à [[PERSON:Pierre-Yves Le Gall]], [[STREET_ADDRESS@Rennes:12 rue de Saint-Malo, "
            "35000 Rennes]], tél. [[PHONE_NUMBER:+33 2 99 31 47 85]]"
        ),
        (
            "Pour la crèche : [[PERSON:Noémie Favre]], [[STREET_ADDRESS@Genève:Rue de Carouge 46, 1205 "
            "Genève]], [[PHONE_NUMBER:+41 79 482 17 36]]"
        ),
        "le code postal c'est [[POSTCODE@Lille:59800]], c'est bien le centre de Lille ?",
        "Réservation au nom de M. et Mme [[PERSON:Benali]] pour 4 personnes samedi 20 h",
        "Mon IP publique est [[IP_ADDRESS:86.242.17.109]], est-ce que mon FAI bloque le port 25 ?",
        "Paiement par carte [[CREDIT_CARD:5231 1490 2736 5811]] refusé, titulaire [[PERSON:Yannick Ébrard]]",
    ],
    "es": [
        (
            "Hola, soy [[PERSON:Lucía Martín del Pozo]] y vivo en [[STREET_ADDRESS@Valencia:C/ Colón 18, 5º "
            "2ª, 46004 Valencia]]. ¿Me ayudas a pedir cita en el ayuntamiento?"
        ),
        "llama a [[PERSON:paco]] al [[PHONE_NUMBER:612 48 93 27]] q no me contesta",
        "La Sra. [[PERSON:Etxeberria]] confirmó la reunión del martes",
        "Transferencia a nombre de [[PERSON:Jon Agirre Urrutia]], [[IBAN_CODE:ES11 2085 9271 0403 3041 8725]]",
        (
            "DNI [[NATIONAL_ID:48291736Q]], fecha de nacimiento [[DATE_OF_BIRTH:22/09/1978]]. ¿Qué documentos "
            "necesito para renovar el carnet?"
        ),
        "Pasaporte [[PASSPORT:PAB482913]] – ¿necesito visado para ir a Colombia?",
        "Mi coche es el [[LICENSE_PLATE:4821 LKP]] y me han multado en Bilbao, ¿cómo lo recurro?",
        "Estoy en [[GPS_COORDINATES@Valencia:39°28'12\"N 0°22'35\"O]], ¿dónde hay una farmacia de guardia?",
        (
            "Destinataria: [[PERSON:Valentina Rojas Castaño]], [[STREET_ADDRESS@Bogotá:Calle 72 # 10-34, apto "
            "502, Bogotá]], cel. [[PHONE_NUMBER:+57 310 482 7719]]"
        ),
        (
            "Mi dirección en Medellín es [[STREET_ADDRESS@Medellín:Carrera 43A # 1-50, Torre 2 apto 1104, El "
            "Poblado, Medellín]]"
        ),
        "Envíame la factura a [[EMAIL_ADDRESS:ja.urrutia@euskaltel.net]] porfa",
        "Cita de huellas para el NIE [[NATIONAL_ID:X3928471W]] de [[PERSON:Oleksandr Melnyk]], ¿qué tiene que llevar?",
        "Dejad el paquete en [[STREET_ADDRESS@Málaga:Avda. de Andalucía 112, bajo B, 29007 Málaga]] con el portero",
        (
            "Envío a Perú: [[PERSON:Rosa Quispe Mamani]], [[STREET_ADDRESS@Lima:Av. Arequipa 2450, dpto. 301, "
            "Lince, Lima 15046]]"
        ),
        "ubicación actual [[GPS_COORDINATES@Bogotá:4.6486, -74.0628]] mándame un taxi",
        "Mi cumpleaños es el [[DATE_OF_BIRTH:7 de julio de 1983]], ¿qué día de la semana fue?",
        "Mesa 4: [[PERSON:Carmen Ruiz]], [[PERSON:Íñigo Sáez]] y [[PERSON:Mar Blanco]]",
        (
            "Nuevo depto: [[STREET_ADDRESS@Santiago:Av. Providencia 1208, depto. 1203, Providencia, "
            "Santiago]], mi celular es [[PHONE_NUMBER:+56 9 8247 1936]]"
        ),
        "CP [[POSTCODE@Zaragoza:50009]], ¿cuál es mi centro de salud?",
        "Pago con tarjeta [[CREDIT_CARD:4916 0385 7214 9305]] a nombre de [[PERSON:MARÍA DE LOS ÁNGELES FERRER]]",
        (
            "La casa de [[PERSON:Jesús Garza Treviño]] está en [[STREET_ADDRESS@Monterrey:Av. Constitución "
            "2150 Pte., Col. Centro, 64000 Monterrey, N.L.]]"
        ),
    ],
    "it": [
        (
            "Ciao, sono [[PERSON:Chiara Lo Bianco]], abito in [[STREET_ADDRESS@Palermo:Via Libertà 102, scala "
            "A, int. 7, 90143 Palermo]]. Mi aiuti a scrivere un reclamo per l'amministratore?"
        ),
        "dì a [[PERSON:gianni]] di richiamarmi al [[PHONE_NUMBER:333 184 7261]]",
        "La dott.ssa [[PERSON:Ferraresi]] ha spostato la visita a lunedì alle 9",
        "Bonifico a [[PERSON:Matteo De Santis]] IBAN [[IBAN_CODE:IT57K0306909606100000187342]] causale affitto maggio",
        "Codice fiscale [[NATIONAL_ID:BNCLRA83L47D612E]]: mi serve per la tessera sanitaria, è giusto?",
        "passaporto n. [[PASSPORT:YA4829173]] in scadenza, come lo rinnovo?",
        "La mia auto targata [[LICENSE_PLATE:FG 482 TR]] è entrata in ZTL, rischio la multa?",
        "Sono qui: [[GPS_COORDINATES@Bologna:44.4938 N, 11.3430 E]], c'è un bancomat vicino?",
        "scrivimi su [[EMAIL_ADDRESS:chiara.lobianco@virgilio.it]] per il preventivo",
        (
            "Consegna: [[PERSON:Giuseppe D'Alessandro]], [[STREET_ADDRESS@Firenze:Via dei Serragli 44, 50124 "
            "Firenze]], citofono [[PERSON:D'Alessandro]]"
        ),
        "La casa vacanze è a [[STREET_ADDRESS@Venezia:Cannaregio 3421, 30121 Venezia]], come arrivo dalla stazione?",
        "nata il [[DATE_OF_BIRTH:7 luglio 1983]] a Firenze, calcola quanti anni ho",
        "Tavolo 2: [[PERSON:Francesca Esposito]], [[PERSON:Kevin Osei]], [[PERSON:Li Na Zhou]]",
        "Profilo LinkedIn di [[PERSON:Matteo De Santis]]: [[URL:https://it.linkedin.com/in/matteodesantis]]",
        "Il mio CAP è [[POSTCODE@Bari:70122]], quali negozi sono aperti oggi?",
        "posizione [[GPS_COORDINATES@Palermo:38°06'56.5\"N 13°21'41.4\"E]] mandami un taxi",
        (
            "NOME: [[PERSON:ROSSELLA]] COGNOME: [[PERSON:DI STEFANO]] DATA DI NASCITA: "
            "[[DATE_OF_BIRTH:19/11/1990]] TEL: [[PHONE_NUMBER:+39 02 8712 4593]]"
        ),
        "Indirizzo di fatturazione: [[STREET_ADDRESS@Verona:Corso Porta Nuova 54, 37122 Verona (VR)]]",
        "ciao [[PERSON:ale]], il mio nuovo fisso è [[PHONE_NUMBER:051 648 2291]]",
        "Addebita sulla carta [[CREDIT_CARD:5312 7600 4218 9937]], intestata a [[PERSON:Salvatore Cannizzaro]]",
        "Per la quota della cena pagami qui: [[URL:https://paypal.me/gdalessandro]]",
    ],
    "pt": [
        (
            "Olá, sou a [[PERSON:Inês Carvalho dos Santos]] e moro na [[STREET_ADDRESS@Porto:Rua de Santa "
            "Catarina 312, 3.º Esq., 4000-447 Porto]]. Podes ajudar-me a escrever uma carta ao senhorio?"
        ),
        "liga ao [[PERSON:zé]] para o [[PHONE_NUMBER:912 345 678]]",
        "A Dra. [[PERSON:Gonçalves]] remarcou a consulta para quinta",
        "Transferência para [[PERSON:Rui Magalhães]], [[IBAN_CODE:PT50 0035 0697 0003 8219 4739 3]]",
        "NIF [[NATIONAL_ID:236718940]] — como peço o IRS automático?",
        "CPF [[NATIONAL_ID:384.172.956-82]], nome [[PERSON:Thiago Nascimento]], preciso emitir a segunda via do boleto",
        (
            "meu endereço: [[STREET_ADDRESS@Belo Horizonte:Rua da Bahia, 1148, apto 802, Centro, Belo "
            "Horizonte - MG, 30160-011]]"
        ),
        (
            "Entrega para [[PERSON:Maria das Dores Albuquerque]], [[STREET_ADDRESS@Recife:Av. Boa Viagem, "
            "3500, bloco B, ap. 1201, Boa Viagem, Recife - PE, 51020-000]]"
        ),
        "Me chama no zap: [[PHONE_NUMBER:(81) 99876-5432]]",
        "o carro de placa [[LICENSE_PLATE:RTB4F21]] foi guinchado, o que eu faço?",
        "Matrícula do carro: [[LICENSE_PLATE:BG-47-RT]], seguro vence em junho",
        "Estou em [[GPS_COORDINATES@Porto:41°08'56\"N 8°36'39\"W]], onde como uma francesinha?",
        "data de nascimento: [[DATE_OF_BIRTH:30/01/1995]]",
        "O passaporte do [[PERSON:Vinícius]] é [[PASSPORT:FZ482917]], confere se está válido",
        "email: [[EMAIL_ADDRESS:thiago.nasc@uol.com.br]]",
        (
            "Morada para o convite: [[PERSON:Beatriz Sousa e Silva]], [[STREET_ADDRESS@Coimbra:Av. Fernão de Magalhães "
            "45, 2.º dto, 3000-175 Coimbra]]"
        ),
        "localização [[GPS_COORDINATES@Recife:-8.1190, -34.9007]] tem farmácia aberta perto?",
        "CEP [[POSTCODE@Porto Alegre:90010-150]], qual o prazo de entrega?",
        "meu currículo Lattes: [[URL:http://lattes.cnpq.br/4829173650218843]]",
        "NOME: [[PERSON:ANTÔNIO CARLOS DE OLIVEIRA]] NASC.: [[DATE_OF_BIRTH:12/06/1968]]",
        "Mesa: [[PERSON:Graça Ferreira]], [[PERSON:Kiala Mendes]] e [[PERSON:Luan]]",
    ],
    "nl": [
        (
            "Hoi, ik ben [[PERSON:Sanne van den Broek]] en woon op [[STREET_ADDRESS@Den Haag:Lange Voorhout "
            "34, 2514 EE Den Haag]]. Kun je een huuropzegging voor me schrijven?"
        ),
        "bel [[PERSON:bram]] even op [[PHONE_NUMBER:06-48271936]]",
        "Mevrouw [[PERSON:El Amrani]] komt morgen om 10 uur voor de intake",
        "Overmaken naar [[PERSON:J.P. ter Horst]], [[IBAN_CODE:NL83 RABO 0318 5270 64]], o.v.v. huur juni",
        "BSN [[NATIONAL_ID:271836453]] – hoe vraag ik zorgtoeslag aan?",
        "paspoortnummer [[PASSPORT:NXC3R8P16]], verloopt in 2027, moet ik nu al verlengen?",
        "Kenteken [[LICENSE_PLATE:GZ-384-T]] staat alweer op mijn parkeerplek",
        "Locatie: [[GPS_COORDINATES@Eindhoven:51.4393, 5.4786]] waar is de dichtstbijzijnde laadpaal?",
        "mail me op [[EMAIL_ADDRESS:sanne.vdbroek@ziggo.nl]]",
        "Bezorgen bij [[PERSON:Ravi Ramdin]], [[STREET_ADDRESS@Groningen:Herestraat 9a, 3 hoog, 9711 LA Groningen]]",
        (
            "Contact België: [[PERSON:Lotte Claes]], [[STREET_ADDRESS@Antwerpen:Meir 78 bus 4, 2000 "
            "Antwerpen]], gsm [[PHONE_NUMBER:0478 12 34 56]]"
        ),
        "geboren op [[DATE_OF_BIRTH:12-05-1969]] in Paramaribo",
        (
            "Nieuw adres: [[STREET_ADDRESS@Leiden:Oude Rijn 44A, 2312 HD Leiden]], wil je het doorgeven aan "
            "de verzekering?"
        ),
        "We zijn hier: [[GPS_COORDINATES@Groningen:N 53° 13.164 E 006° 34.032]]",
        "Team: [[PERSON:Daan de Vries]], [[PERSON:Yara Bakker]], [[PERSON:Wouter IJzerman]] en [[PERSON:Siham Ouali]]",
        "postcode [[POSTCODE@Haarlem:2011 VK]], welke afvalcontainer hoort bij mij?",
        (
            "ACHTERNAAM: [[PERSON:VAN DER MEULEN]] VOORLETTERS: [[PERSON:H.J.]] GEBOORTEDATUM: "
            "[[DATE_OF_BIRTH:28-02-1958]]"
        ),
        "Mijn Strava: [[URL:https://www.strava.com/athletes/48291736]]",
        "App me via [[URL:https://wa.me/31648271936]] als je er bent",
        "Vaste lijn thuis: [[PHONE_NUMBER:+31 40 248 7193]]",
        "Sleutel ophalen bij [[PERSON:Mieke]], [[STREET_ADDRESS@Maastricht:Boschstraat 12-B, 6211 AS Maastricht]]",
    ],
    "pl": [
        (
            "Cześć, tu [[PERSON:Agnieszka Wróblewska]], mieszkam przy [[STREET_ADDRESS@Warszawa:ul. "
            "Marszałkowska 84/92 m. 15, 00-514 Warszawa]]. Pomożesz mi napisać reklamację do spółdzielni?"
        ),
        "zadzwoń do [[PERSON:krzyśka]] na [[PHONE_NUMBER:601 234 567]]",
        "Pani [[PERSON:Szymańska]] przełożyła wizytę na piątek",
        (
            "Przelew dla [[PERSON:Paweł Grabowiecki]], [[IBAN_CODE:PL61 1090 1014 0000 0712 1981 2874]], "
            "tytułem: czynsz za maj"
        ),
        "PESEL [[NATIONAL_ID:87031404524]], data urodzenia [[DATE_OF_BIRTH:14.03.1987]] – jak założyć profil zaufany?",
        "Paszport [[PASSPORT:EK4829173]] traci ważność w sierpniu, gdzie złożyć wniosek?",
        "Numer rejestracyjny [[LICENSE_PLATE:KR 4X812]] – jak sprawdzić, czy ma ważne OC?",
        "Jestem tu: [[GPS_COORDINATES@Kraków:50.0619 N, 19.9368 E]], gdzie zjem dobre pierogi?",
        "Nowy adres do faktury: [[STREET_ADDRESS@Kraków:ul. Floriańska 22/4, 31-021 Kraków]]",
        "mój mail to [[EMAIL_ADDRESS:a.wroblewska@wp.pl]]",
        "Paczka dla [[PERSON:Ołeksij Bondarenko]], [[STREET_ADDRESS@Gdańsk:al. Grunwaldzka 141 lok. 7, 80-264 Gdańsk]]",
        "ur. [[DATE_OF_BIRTH:4 listopada 1990]] w Łodzi, potrzebuję odpisu aktu urodzenia",
        "Spotkanie u mnie: [[STREET_ADDRESS@Wrocław:pl. Grunwaldzki 18/3, 50-384 Wrocław]], domofon 3",
        "Stolik 5: [[PERSON:Zofia Nowak]], [[PERSON:Jan Maria Kowalik]], [[PERSON:Wiktoria Lis]]",
        "kod pocztowy [[POSTCODE@Poznań:61-701 Poznań]] – który paczkomat jest najbliżej?",
        "Telefon stacjonarny: [[PHONE_NUMBER:+48 22 628 41 93]]",
        "Mój profil: [[URL:https://www.facebook.com/agnieszka.wroblewska.7]]",
        "IMIĘ I NAZWISKO: [[PERSON:GRZEGORZ WŁODARCZYK]]   PESEL: [[NATIONAL_ID:91041238576]]",
        "Lokalizacja [[GPS_COORDINATES@Gdańsk:54°20'56\"N 18°39'10\"E]] – przyjedź po mnie",
        "Wyślij SMS do pani [[PERSON:Haliny]] z informacją o zebraniu",
        "IP mojego routera to [[IP_ADDRESS:83.27.114.9]], czemu nie mogę się połączyć?",
    ],
    "tr": [
        (
            "Merhaba, ben [[PERSON:Çağrı Yıldırım]], adresim [[STREET_ADDRESS@İstanbul:Caferağa Mah. Moda "
            "Cad. No: 45 D: 7, 34710 Kadıköy/İstanbul]]. Ev sahibine bir dilekçe yazar mısın?"
        ),
        "[[PERSON:emre]]'yi ara, numarası [[PHONE_NUMBER:0532 481 27 36]]",
        "[[PERSON:Şule]] Hanım randevuyu perşembeye aldı",
        "IBAN: [[IBAN_CODE:TR50 0006 2012 3400 0006 2982 17]], alıcı: [[PERSON:Mert Özkan]]",
        (
            "TC kimlik no [[NATIONAL_ID:28471930510]], doğum tarihi [[DATE_OF_BIRTH:19.08.1986]] – e-Devlet "
            "şifremi unuttum"
        ),
        "pasaport no [[PASSPORT:U48291736]], vize başvurusu için yeterli mi?",
        "[[LICENSE_PLATE:34 ABC 482]] plakalı aracım otoparkta çekildi, ne yapmalıyım?",
        "Konumum: [[GPS_COORDINATES@Ankara:39.9208, 32.8541]] yakında nöbetçi eczane var mı?",
        "Yeni adres: [[STREET_ADDRESS@Ankara:Kızılay Mah. Atatürk Blv. No:112 Kat:3 Daire:8 Çankaya/Ankara]]",
        "e-posta: [[EMAIL_ADDRESS:cagri.yildirim@hotmail.com.tr]]",
        (
            "Kargo alıcısı [[PERSON:Zeynep Nur Aydın]], [[STREET_ADDRESS@İzmir:Alsancak Mah. Kıbrıs Şehitleri "
            "Cad. No: 38/4, 35220 Konak/İzmir]], tel. [[PHONE_NUMBER:+90 232 463 18 27]]"
        ),
        "AD SOYAD: [[PERSON:HÜSEYİN KILIÇARSLAN]]",
        "doğum tarihim [[DATE_OF_BIRTH:3 Nisan 1992]], burcum ne?",
        "Antalya'daki evin konumu: [[GPS_COORDINATES@Antalya:36°53'11\"N 30°42'28\"E]]",
        "Masa 3: [[PERSON:Barış Aksoy]], [[PERSON:Deniz Güneş]] ve [[PERSON:Elif Su Koç]]",
        "posta kodum [[POSTCODE@Bursa:16050]], kargo kaç günde gelir?",
        "Instagram hesabım: [[URL:instagram.com/zeynepnur.aydn]]",
        (
            "[[PERSON:Kemal]] Bey'e faturayı gönder, adresi [[STREET_ADDRESS@Eskişehir:Hoşnudiye Mah. İsmet "
            "İnönü 1 Cad. No: 88 Daire: 5, 26130 Tepebaşı/Eskişehir]]"
        ),
        "Ev telefonu [[PHONE_NUMBER:(0212) 245 38 19]]",
        "Yolcu: [[PERSON:KARADENIZ/OSMAN]] MR, TK 2830 İstanbul–Trabzon, 14 Mayıs 07:25",
        "Karttan çekilsin: [[CREDIT_CARD:4547 6830 2915 4726]], kart sahibi [[PERSON:Gülay Ertürk]]",
    ],
    "sv": [
        (
            "Hej, jag heter [[PERSON:Linnea Åkesson]] och bor på [[STREET_ADDRESS@Göteborg:Kungsportsavenyen "
            "21, lgh 1102, 411 36 Göteborg]]. Kan du hjälpa mig skriva en uppsägning?"
        ),
        "ring [[PERSON:olle]] på [[PHONE_NUMBER:070-123 45 67]]",
        "Doktor [[PERSON:Bergqvist]] flyttade tiden till torsdag",
        "Personnummer [[NATIONAL_ID:850614-2382]] – hur beställer jag ett nytt id-kort?",
        "IBAN [[IBAN_CODE:SE97 5000 0000 0583 9124 7019]], mottagare [[PERSON:Abdirahman Warsame]]",
        "passnummer [[PASSPORT:91482736]], räcker det för resan till Thailand?",
        "Bilen [[LICENSE_PLATE:MLB 42P]] står felparkerad utanför porten igen",
        "Position: [[GPS_COORDINATES@Umeå:N 63° 49,5' Ö 20° 15,8']]",
        "Ny adress: [[STREET_ADDRESS@Stockholm:Drottninggatan 53, 3 tr, 111 21 Stockholm]]",
        "Skicka till [[PERSON:Maja Nilsson]], [[STREET_ADDRESS@Lund:Stora Södergatan 14, 222 23 Lund]]",
        "mejla mig på [[EMAIL_ADDRESS:linnea.akesson@telia.com]]",
        "född [[DATE_OF_BIRTH:1992-06-23]], vilket stjärntecken är jag?",
        (
            "Hyresgäst: [[PERSON:Emir Hadžić]], [[STREET_ADDRESS@Malmö:Södra Förstadsgatan 40, 2 tr, 211 43 "
            "Malmö]], [[PHONE_NUMBER:+46 40 612 83 47]]"
        ),
        (
            "Laget: [[PERSON:Björn Lind]], [[PERSON:Saga Holm]], [[PERSON:Aino Kärkkäinen]] och "
            "[[PERSON:Ros-Marie Eklund]]"
        ),
        "Min position [[GPS_COORDINATES@Stockholm:59.3326, 18.0649]], var finns närmaste cykelverkstad?",
        "postnummer [[POSTCODE@Uppsala:753 20 Uppsala]], hur långt är det till Arlanda?",
        "Min hemsida: [[URL:https://linneaakesson.se]]",
        "NAMN: [[PERSON:ÖSTLUND, KARL-JOHAN]]",
        "Boka samtal med mig här: [[URL:https://calendly.com/maja-nilsson-terapi]]",
        "Fast telefon [[PHONE_NUMBER:08-612 47 93]]",
        "Swisha 250 kr till [[PHONE_NUMBER:073-482 91 56]], [[PERSON:Elsa]]",
    ],
    "id": [
        (
            "Halo, saya [[PERSON:Putri Ayu Lestari]], alamat saya [[STREET_ADDRESS@Jakarta:Jl. Kemang Raya "
            "No. 45, RT 003/RW 005, Kel. Bangka, Kec. Mampang Prapatan, Jakarta Selatan 12730]]. Bisa bantu "
            "buat surat keluhan ke pengelola?"
        ),
        "tolong telpon mas [[PERSON:budi]] di [[PHONE_NUMBER:0812-3456-7890]]",
        "Ibu [[PERSON:Siti Rahmawati]] minta jadwal ulang rapat",
        "NIK [[NATIONAL_ID:3273015208930004]], tempat/tgl lahir Bandung, [[DATE_OF_BIRTH:12-08-1993]]",
        "transfer lewat GoPay ke [[PHONE_NUMBER:0857-2190-4836]] a.n. [[PERSON:Agus Setiawan]]",
        "nomor paspor [[PASSPORT:C4829173]] untuk umrah bulan depan, masih berlaku?",
        "motor saya plat [[LICENSE_PLATE:B 2817 TKA]] dicuri, bagaimana lapor polisi?",
        "Lokasi saya: [[GPS_COORDINATES@Bandung:-6.9147, 107.6098]] ada bengkel dekat sini?",
        "Alamat kos: [[STREET_ADDRESS@Bandung:Jl. Ir. H. Juanda No. 112, Dago, Coblong, Bandung 40135]]",
        "email: [[EMAIL_ADDRESS:putri.lestari93@yahoo.co.id]]",
        (
            "Kirim paket ke [[PERSON:I Wayan Sudarsana]], [[STREET_ADDRESS@Denpasar:Jl. Teuku Umar No. 88X, "
            "Dauh Puri, Denpasar Barat, Denpasar 80113]]"
        ),
        "tgl lahir [[DATE_OF_BIRTH:17 Agustus 1990]], hari apa ya?",
        "Rumah baru: [[STREET_ADDRESS@Surabaya:Perum Citraland Blok B3 No. 17, Lakarsantri, Surabaya 60213]]",
        "Peserta: [[PERSON:Dewi Kartika]], [[PERSON:Bintang Pratama]], [[PERSON:Indah]] dan [[PERSON:Cahya Nugroho]]",
        "posisi sekarang [[GPS_COORDINATES@Yogyakarta:7°47'35\"S 110°21'56\"E]], cari angkringan terdekat",
        "kode pos [[POSTCODE@Medan:20152]], ongkirnya berapa?",
        "Chat aja lewat WA: [[URL:https://wa.me/6281380472915]]",
        "NAMA: [[PERSON:MUHAMMAD RIZKY FADILLAH]] NO. HP: [[PHONE_NUMBER:+62 813-8047-2915]]",
        "TikTok aku: [[URL:https://www.tiktok.com/@dewikartika.id]]",
        "Telepon rumah [[PHONE_NUMBER:(021) 7183 2946]]",
        "IP rumah saya [[IP_ADDRESS:114.124.38.201]] diblokir, kenapa ya?",
    ],
    "ru": [
        (
            "Привет, это [[PERSON:Анастасия Воронцова]], мой новый адрес: "
            "[[STREET_ADDRESS@Novosibirsk:630091, г. Новосибирск, Красный проспект, д. 77, кв. 45]]. Помоги "
            "написать заявление в управляющую компанию."
        ),
        "позвони [[PERSON:диме]] на [[PHONE_NUMBER:+7 912 345-67-89]]",
        "Приём у доктора [[PERSON:Гусейновой]] перенесли на среду",
        "Переведи на карту [[CREDIT_CARD:2202 2036 4718 5091]], получатель [[PERSON:Игорь Семёнович К.]]",
        "Паспорт [[NATIONAL_ID:4509 482731]], нужно ли менять его в 45 лет?",
        "Загранпаспорт [[PASSPORT:75 4829173]] – хватит ли срока для поездки в Турцию?",
        "Машина с номером [[LICENSE_PLATE:А482ВС 116]] перегородила выезд, куда звонить?",
        "Я здесь: [[GPS_COORDINATES@Kazan:55.7963, 49.1088]], где поблизости аптека?",
        "почта: [[EMAIL_ADDRESS:a.vorontsova@yandex.ru]]",
        "Доставка: [[PERSON:Рустам Галиев]], [[STREET_ADDRESS@Kazan:ул. Баумана, д. 58, кв. 12, Казань, 420111]]",
        "дата рождения: [[DATE_OF_BIRTH:14.05.1989]]",
        "я родилась [[DATE_OF_BIRTH:3 марта 1994]] года, какой это был день недели?",
        "Адрес для писем: [[STREET_ADDRESS@Saint Petersburg:191025, г. Санкт-Петербург, Невский пр., д. 88, кв. 14]]",
        "Мой ВК: [[URL:https://vk.com/id482917365]]",
        "пиши в телеграм: [[URL:https://t.me/nastya_vrn]]",
        "Координаты дачи: [[GPS_COORDINATES@Samara:53°11'44\"N 50°06'02\"E]]",
        "Стол 2: [[PERSON:Ольга Ким]], [[PERSON:Тимур Абдуллаев]] и [[PERSON:Вера Надеждина]]",
        "ФИО: [[PERSON:КУЗНЕЦОВ АРТЁМ ВЛАДИМИРОВИЧ]]",
        "индекс [[POSTCODE@Yekaterinburg:620014]], сколько идёт посылка?",
        "рабочий телефон [[PHONE_NUMBER:8 (843) 231-47-56]]",
        "Встречаемся у [[PERSON:Марины Петровны]] в семь, захвати торт",
    ],
}

TRAPS: dict[str, list[str]] = {
    "de": [
        "Bei Aldi Süd gibt es diese Woche Spargel aus Beelitz für 4,99 €.",
        "Der ICE nach Frankfurt (Main) Hbf fährt heute von Gleis 7.",
        "Otto hat die Bestellung verschickt, aber Hermes findet das Paket nicht.",
        "Wie lange muss der Dr. Oetker Pudding kochen?",
    ],
    "fr": [
        "Je cherche une recette de tarte Tatin pour ce soir.",
        "Le Mont-Saint-Michel est-il accessible à marée haute ?",
        "Leroy Merlin et Décathlon sont-ils ouverts le dimanche ?",
        "Château Margaux ou Pétrus pour le dîner de vendredi ?",
    ],
    "es": [
        "¿El Corte Inglés abre el domingo en Málaga?",
        "Compara el Seat León con el Cupra Born.",
        "Estrella Galicia, Mahou o Victoria: ¿cuál es más suave?",
        "¿A qué hora abre la Alhambra?",
    ],
    "it": [
        "Meglio la Ferrari Roma o la Maserati Ghibli?",
        "Quanto costano un pacco di Barilla e un vasetto di Nutella?",
        "Come si prepara la pasta alla Norma?",
        "Il Duomo di Milano è aperto a Ferragosto?",
    ],
    "pt": [
        "A Natura e O Boticário têm promoções esta semana?",
        "Qual a melhor praia em Florianópolis para surfar?",
        "Receita de pastel de Belém sem forno.",
        "Havaianas ou Ipanema: qual chinelo dura mais?",
    ],
    "nl": [
        "Is Albert Heijn op zondag open?",
        "Douwe Egberts of Lavazza voor de koffieautomaat?",
        "Jumbo en Hema hebben allebei kerstpakketten in de aanbieding.",
        "Kun je een recept voor stroopwafels geven?",
    ],
    "pl": [
        "Czy Żabka i Biedronka są otwarte w niedzielę?",
        "Ptasie Mleczko od Wedla czy Prince Polo?",
        "Jaka będzie pogoda w Zakopanem w weekend?",
        "Przepis na bigos z kapustą kiszoną.",
    ],
    "tr": [
        "Ülker çikolatalı gofret mi, Eti Browni mi daha lezzetli?",
        "Bahar gelince deniz kenarında yürümeyi severim.",
        "Kapalıçarşı pazar günü açık mı?",
        "Arçelik mi Vestel mi buzdolabı alayım?",
    ],
    "sv": [
        "Har Systembolaget öppet på lördag i Västerås?",
        "Ikea eller Jysk för en ny soffa?",
        "Är Max godare än Burger King?",
        "Volvo XC60 eller Polestar 2?",
    ],
    "id": [
        "Indomaret atau Alfamart yang buka 24 jam?",
        "Sari Roti rasa cokelat harganya berapa?",
        "Candi Borobudur buka jam berapa hari Minggu?",
        "Resep rendang Padang yang empuk.",
    ],
    "ru": [
        "Где купить «Алёнку» и «Мишку на Севере»?",
        "Какая погода будет в Сочи на выходных?",
        "Рецепт салата «Оливье» без майонеза.",
        "Сбербанк или Тинькофф: где выгоднее вклад?",
    ],
}


def _parse(record_id: str, marked: str, trap: bool = False) -> dict[str, object]:
    """Strip the inline marks, turning each into a span at its offsets in the plain text."""
    text, position = "", 0
    spans: list[dict[str, str | int]] = []
    for match in _SPAN.finditer(marked):
        text += marked[position : match.start()]
        kind, city, value = match.groups()
        span: dict[str, str | int] = {"type": kind, "start": len(text), "end": len(text) + len(value)}
        if city:
            span["city"] = city
        spans.append(span)
        text += value
        position = match.end()
    text += marked[position:]
    if "[[" in text or "]]" in text:
        raise ValueError(f"unparsed span mark in record {record_id}")
    return {"id": record_id, "text": text, "spans": spans, "trap": trap}


def _generate() -> list[dict[str, object]]:
    records = []
    for language, labeled in RECORDS.items():
        traps = TRAPS[language]
        for index, marked in enumerate(labeled):
            records.append(_parse(f"{language}{index:03d}", marked))
        for index, text in enumerate(traps, start=len(labeled)):
            records.append(_parse(f"{language}{index:03d}", text, trap=True))
    return records


def main() -> None:
    """Write the multilingual set, one JSON object per line."""
    records = _generate()
    with OUTPUT.open("w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    labeled = sum(not r["trap"] for r in records)
    print(f"wrote {labeled} labeled and {len(records) - labeled} trap records in {len(RECORDS)} languages to {OUTPUT}")


if __name__ == "__main__":
    main()
