#!/usr/bin/env python3
"""The press conferences of bodies other than the MFA, the SCIO and the Taiwan Affairs Office, counted by occasion
(docs/labelling.md, "Hard cases: audience"; session 50).

  python3 benches/press_conferences.py            # the table: each half, gold external / internal per occasion
  python3 benches/press_conferences.py --list     # the development half's statements, one a line, with the occasion

A statement counts when its gold has an audience and its venue names a press conference, news conference, briefing,
发布会, 记者会, 吹风会 or 答记者问, and neither its speaker, role nor venue is the MFA's (the ministry, its spokespeople,
the Foreign Minister, an embassy, consulate, ambassador or mission to the UN), the SCIO's or the Taiwan Affairs
Office's; firms and their chambers are left out (docs/labelling.md, "Company speakers"), and so are venues where the
word names no press event (a letter to a launch, an analyst's "briefing", a lecture). Each statement falls in the
first occasion that matches, in this order:

  sessions   held at the press centre of the NPC and CPPCC sessions or a Party congress (on their sidelines)
  series     a series or conference held for Chinese and foreign press (中外记者, the Publicity Department's series,
             the Central Committee's press conferences on a plenum; these two are read before the sessions, since
             they name a Party congress in their titles: "achievements since the 18th CPC National Congress")
  foreign    the venue or text answers a foreign measure or a foreign government (a named foreign state, its
             sanctions, lists, bans, export controls or tariffs; "the Chinese side", other countries, the West,
             hegemony, the WTO, Taiwan)
  home       the body's own work at home: none of the above, held in China; counted apart for the two ministries
             whose regular press conferences most often speak outward (National Defence, Commerce) and the rest
  other      abroad, or a joint press conference with a foreign side

The patterns are rough (words, not a reading); the check half (even-numbered held-out sets) is only ever counted.
"""
import glob
import json
import re
import sys

PRESS = re.compile(r"press conference|news conference|press briefing|news briefing|media briefing|briefing|"
                   r"发布会|记者会|吹风会|答记者问|通气会", re.I)
NOT_PRESS = re.compile(r"致贺信|宣讲|inspection|China Briefing|ANBOUND|Remarks at|Security Council|"
                       r"Coffee with", re.I)
MFA_SCIO_TAO = re.compile(
    r"foreign ministry|ministry of foreign affairs|\bMFA\b|外交部|foreign minister|Foreign Affairs|外长|"
    r"ambassador|大使|embassy|使馆|consul|领事|permanent representative|常驻|Mission to|mission to the|"
    r"United Nations|\bUN\b|联合国|"
    r"State Council Information Office|\bSCIO\b|国新办|国务院新闻办|Information Office of the State Council|"
    r"Taiwan Affairs|台办", re.I)
FIRM = re.compile(r"Huawei|华为|ZTE|中兴|SMIC|中芯|China Mobile|中国移动|Tencent|腾讯|AVIC|航空工业|"
                  r"商会|Chamber|coach|教练|CEO|chairman|董事长", re.I)
SESSIONS = re.compile(r"NPC (annual )?session|session of the \d+\w* (NPC|National People)|sessions? of the "
                      r"\d+\w* CPPCC|NPC session|Two Sessions|two sessions|National People's Congress|"
                      r"NPC press|CPPCC|press cent(er|re) of|news cent(er|re) of|National Congress|"
                      r"全国人大|人大会议|全国政协|政协.{0,12}会议|两会|党代会|二十大|十九大|新闻中心|"
                      r"spokesperson for the .{0,20}session|NPC spokesperson|after the NPC", re.I)
NPCSC = re.compile(r"Standing Committee|常委会", re.I)
SERIES = re.compile(r"Chinese and foreign (press|journalists|media|reporters)|中外记者|Publicity Department|"
                    r"中宣部|中共中央宣传部|中国这十年|系列.{0,10}发布会|series|plenary session|全会|"
                    r"CPC Central Committee|中共中央新闻发布会", re.I)
SERIES_PARTY = re.compile(r"Publicity Department|中宣部|中共中央宣传部|中国这十年|CPC Central Committee", re.I)
DEFENCE_COMMERCE = re.compile(r"Ministry of (National )?Defen[cs]e|National Defen[cs]e Ministry|Defen[cs]e Ministry|\bMND\b|国防部|Commerce|MOFCOM|\bMOC\b|"
                              r"商务部", re.I)
FOREIGN = re.compile(
    r"\bU\.?S\.?\b|United States|America|Washington|美国|美方|美商务部|Trump|Biden|特朗普|拜登|"
    r"\bEU\b|European|欧盟|欧洲|Japan|日本|Netherlands|Dutch|荷兰|Britain|British|\bUK\b|英国|Australia|澳大利亚|"
    r"澳洲|India|印度|Canada|加拿大|Germany|德国|France|法国|Korea|韩国|Lithuania|立陶宛|Czech|捷克|"
    r"foreign government|外国政府|certain countr|some countr|个别国家|某些国家|有关国家|"
    r"sanction|制裁|entity list|实体清单|blacklist|黑名单|\bban\b|禁令|tariff|关税|Section 301|301调查|"
    r"1260H|Pentagon|五角大楼|NATO|北约|AmCham|decoupl|脱钩|foreign reporter|Japanese reporter|外国记者|"
    r"anti-dumping|反倾销|countermeasure|反制|中方|荷方|欧方|美方|the Chinese side|any (particular )?country|"
    r"other countries|Western|西方|G7|七国集团|Russia|Ukraine|乌克兰|Taiwan|台湾|South China Sea|南海|Galwan|"
    r"hegemony|霸权|\bWTO\b|threat to the world|不针对|not target|international media|个别媒体|foreign (firms|"
    r"companies|investment)|the two countries", re.I)
ABROAD = re.compile(r"\bin (London|Berlin|Brussels|Warsaw|Moscow|New York|Geneva|Japan|Las Vegas|Karachi|Paris|"
                    r"Washington)|Las Vegas|joint press conference|Hong Kong Convention|media briefing in Hong Kong|"
                    r"CES", re.I)


# Enough of the traditional characters of these patterns to read a Hong Kong or Taiwan relay's copy (RTHK, CNA).
TRAD = str.maketrans("記會發佈問國務兩員協議區臺灣對稅關單辦聞廳為說華團軍黨實經濟貿際歐蘭韓亞衛廣東書導層門長鬥聯錄係們這與",
                     "记会发布问国务两员协议区台湾对税关单办闻厅为说华团军党实经济贸际欧兰韩亚卫广东书导层门长斗联录系们这与")


def simplified(s):
    """The statement's fields with the traditional characters above read as simplified."""
    return {k: v.translate(TRAD) if isinstance(v, str) else v for k, v in s.items()}


def is_even(path):
    return re.search(r"/held-out/.*[02468]b?\.jsonl$", path) is not None


def is_odd(path):
    return re.search(r"/held-out/.*[13579]b?\.jsonl$", path) is not None


def statements(paths):
    for path in paths:
        with open(path, encoding="utf-8") as f:
            for line in f:
                line = line.strip()
                if not line:
                    continue
                s = json.loads(line)
                if (s.get("gold") or {}).get("audience"):
                    yield path, s


def occasion(s):
    """None when the statement is not a press event of a body in scope, else its occasion."""
    s = simplified(s)
    venue, who = s.get("venue", ""), s.get("speaker", "") + " " + s.get("role", "")
    if not PRESS.search(venue) or NOT_PRESS.search(venue):
        return None
    if MFA_SCIO_TAO.search(venue + " " + who) or FIRM.search(who) or FIRM.search(venue):
        return None
    meta = venue + " " + who
    if SERIES_PARTY.search(venue):
        return "series"
    if SESSIONS.search(meta) and not NPCSC.search(meta):
        return "sessions"
    if SERIES.search(venue):
        return "series"
    if FOREIGN.search(venue) or FOREIGN.search(s.get("text", "")):
        return "foreign"
    if ABROAD.search(venue):
        return "other"
    if DEFENCE_COMMERCE.search(meta):
        return "home, Defence or Commerce"
    return "home, other bodies"


def main():
    dev = sorted(glob.glob("fixtures/*.jsonl")) + [p for p in sorted(glob.glob("fixtures/held-out/*.jsonl"))
                                                  if is_odd(p)]
    check = [p for p in sorted(glob.glob("fixtures/held-out/*.jsonl")) if is_even(p)]
    if "--list" in sys.argv[1:]:
        for path, s in statements(dev):
            occ = occasion(s)
            if occ:
                print("\t".join([occ, s["gold"]["audience"], s["id"], s.get("role", "")[:40],
                                 s.get("venue", "")[:90]]))
        return
    order = ["foreign", "sessions", "series", "home, Defence or Commerce", "home, other bodies", "other"]
    print("| occasion | development half: external / internal | check half: external / internal |")
    print("|---|---|---|")
    counts = {}
    for half, paths in (("dev", dev), ("check", check)):
        for path, s in statements(paths):
            occ = occasion(s)
            if occ:
                key = (half, occ, s["gold"]["audience"])
                counts[key] = counts.get(key, 0) + 1
    total = {}
    for occ in order:
        cells = []
        for half in ("dev", "check"):
            e, i = counts.get((half, occ, "external"), 0), counts.get((half, occ, "internal"), 0)
            total[half] = (total.get(half, (0, 0))[0] + e, total.get(half, (0, 0))[1] + i)
            cells.append(f"{e} / {i}")
        print(f"| {occ} | {cells[0]} | {cells[1]} |")
    print(f"| all | {total['dev'][0]} / {total['dev'][1]} | {total['check'][0]} / {total['check'][1]} |")


if __name__ == "__main__":
    main()
