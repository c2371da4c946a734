"""Remove what is not the article: page furniture, credits, contact lines, fused link text.

Text extracted from news pages carries comment prompts, share buttons, "Write to … at …" lines,
tag lists, photo credits, tweet embeds and, in web-archive captures, the archive's own notices.
None of it may reach a summary, and no article sentence may be lost on the way, so every rule
is narrow: a line or sentence goes only when the *whole* of it is noise ("Comments" goes, "The
senator declined to comment." stays). The rules are data, one list per family, in three kinds:

- paragraph rules drop a whole line: captions, galleries, tweet embeds, archive notices;
- unit rules drop a line, or one sentence inside a line, that they match from end to end;
- inline rules cut a credit or fused link text out of a sentence and keep the rest.

Then a paragraph identical to an earlier one, and a first line repeating the headline, go too.

>>> from chorus.model import Article
>>> text = "Probe lands\\nThe probe landed on Sunday.\\nAdvertisement\\nShare this:"
>>> clean(Article("a1", "Probe lands", None, "a1.txt", None, text)).text
'The probe landed on Sunday.'
"""

from __future__ import annotations

import dataclasses
import re

from .model import Article
from .segment import split_sentences

__all__ = ["clean"]

# Names, written as a run of capitalized words ("Jane Q. Doe", "Mark O'Neil").
_NAME = r"(?-i:[A-Z][\w.'’-]*)(?:\s(?-i:[A-Z][\w.'’-]*)){0,4}"
# A photo credit: capitalized names joined by spaces, commas or slashes ("Jo Roe/AFP/Getty
# Images", "Jo Roe for The Washington Post"); the part after a slash may be lowercase.
_CREDIT = (
    r"(?-i:[A-Z@#][\w.'’&-]*)(?:(?:\s|,\s)(?-i:[A-Z@#][\w.'’&-]*|for|of|the|via|and|de|van|&)"
    r"|\s?/\s?[\w@#][\w.'’&-]*)*"
)
_EMAIL = r"(?:[\w.+-]+@[\w-]+(?:\.[\w-]+)+|\[email[\s\xa0]protected\])"
_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_WEEKDAY = r"(?:Mon|Tues?|Wed(?:nes)?|Thu(?:rs?)?|Fri|Sat(?:ur)?|Sun)(?:day)?\.?"
# One token of a time stamp: "5:32", "PM", "ET", "July", "16,", "2018", "3 hours ago".
_STAMP_START = (
    rf"(?:\d{{1,4}}(?:[:/.-]\d{{1,4}})*(?:st|nd|rd|th)?|{_MONTH}|{_WEEKDAY}"
    r"|(?:an?|\d+)\s(?:seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?)\sago)"
)
_STAMP_TOKEN = (
    rf"(?:{_STAMP_START}|[ap]\.?m\.?|on|at|yesterday|today"
    r"|(?-i:ET|EST|EDT|CT|CST|CDT|MT|MST|MDT|PT|PST|PDT|GMT|UTC|BST|CET|CEST))"
)

# --- Paragraph rules: a line that starts like this is not article text, however long. -------
_PARAGRAPH_STARTS = [
    # Web-archive notices: Multi-News documents are Wayback Machine captures.
    r"Starting in 1996, Alexa Internet has been donating",
    r"These crawls are part of an effort to archive pages",
    r"This is a set of web collections curated by",
    r"A collection of government web content",
    r".{0,160}Archive-It Partner Since:",
    # Pages that are not articles: errors, player and browser notices, embedded-tweet chrome.
    r"Tweet with a location$",
    r"You can add location information to your Tweets",
    r"We've detected that JavaScript is disabled in your browser",
    r"The interactive transcript could not be loaded",
    r"Rating is available when the video has been rented",
    r"This feature is not available right now",
    r"Sorry, the page you requested (?:was not|could not be) found",
    r"We(?:'re| are) sorry, but this page is not available",
    r"The IP address (?:has changed|for this domain may have changed)",
    r"Dow Jones Reprints:",
    r"(?:Newsletter Sign Up )?Continue reading the main story Please verify you're not a robot",
    r"Breaking News Emails\b",
    r"Recommended Related to\b",
    # Photo and video captions: BBC, Guardian, NPR, NatGeo, WSJ, ABC/NBC players, AP file photos.
    r"Image (?:copyright|caption)\b",
    r"Media (?:playback is unsupported on your device|caption)\b",
    r"Facebook Twitter Pinterest\b",
    r"Enlarge (?:this )?image\b",
    r"View Images?\s",
    r"EMBED More News Videos\b",
    r"(?:FILE(?: PHOTO)?\s*[-–—:]\s*)?In (?:this|a|an) .{0,80}?\bfile (?:photo|image)\b",
    r"FILE(?: PHOTO)?\s*[-–—:]",
    # A caption that opens with its credit: "Jo Roe / AFP / Getty Images Pope John Paul II ...".
    r"(?-i:[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,3}) ?/ ?(?:AFP|AP|Reuters|REUTERS|EPA|Getty)\b",
]
# A line containing one of these anywhere is a photo gallery or video widget.
_PARAGRAPH_MARKERS = [
    r"Hide Caption \d+ of \d+",
    r"Full Screen Autoplay Close",
    r"Replay More Videos",
    r"Back to Gallery",
    r"Buy Photo Wait \d+ seconds?",
    # AP photo captions as syndicated: cut off mid-sentence, then the credit.
    r"(?:\.\.\.|…)\s?\(Associated Press\)$",
    # A tweet embed ends with its signature: "— Jane Doe (@jdoe) July 15, 2018"; an Instagram
    # embed with "A post shared by Jane Doe (@jdoe) on Sep 1, 2017 at 1:24pm PDT".
    rf"[—–-]\s?[^—–]{{0,80}}?\(@\w{{1,15}}\)\s{_MONTH}\s\d{{1,2}},\s\d{{4}}$",
    rf"A post shared by .{{1,80}}\(@[\w.]+\) on {_MONTH}",
]

# --- Unit rules: a line, or a sentence of a line, that one of these matches entirely. --------
# A rule that can start matching anywhere is written (word, pattern), with a word (or words) it
# cannot match without; lines without them skip it (see _UNIT_UNGATED).
_UNITS = {
    "comment prompts": [
        r"Please enter your (?:comment|name here)!?",
        r"Leave a (?:Reply|Comment)(?: to .{1,60})?",
        r"(?:Be the first to|Click to|Log ?in to|Sign ?in to|Register to) (?:comment|reply)\.?",
        r"Your email address will not be published\.?(?: Required fields are marked \*)?",
        r"Required fields are marked \*",
        r"You have entered an incorrect email address!?",
        r"(?:\d+ )?Comments?(?: \(\d+\))?:?",
        r"(?:Post|Add|View|Show|Hide|Read|Load)(?: a| all| the)? comments?(?: \(\d+\))?\.?",
        r"Comments (?:are|have been) closed\.?",
        r"Please enable JavaScript to view the comments.{0,80}",
        r"Join the (?:conversation|discussion)\.?",
    ],
    "newsletters and paywalls": [
        r"(?:Be sure to |Don't forget to |Please )?(?:Email )?(?:Sign up|Subscribe)\b.{0,250}",
        r"(?:The|Our|A) (?:[\w&-]+ ){0,4}newsletter\.",
        r"Get .{0,40}\b(?:in|to) your inbox\b.{0,60}",
        r"We will not share your email.{0,60}",
        r"Interested in [^?]{1,60}\?",
        r"Add Interest",
        r"Get (?:the latest|our|daily|breaking)\b.{0,120}\b(?:newsletter|inbox|alerts)\b.{0,60}",
        r"Want .{0,80}\b(?:inbox|newsletter)\b.{0,20}\?",
        r"(?:Thanks|Thank you) for (?:subscribing|signing up)!?.{0,200}",
        r"You(?: are|'re) now subscribed.{0,200}",
        r"You (?:can|may) unsubscribe at any time\.?",
        r"By (?:signing up|subscribing|clicking|continuing|using this (?:site|website)).{0,250}",
        r"Invalid email address\.?(?: Please re-enter\.)?",
        r"You must select a newsletter to subscribe to\.?",
        r"Already a subscriber\?.{0,60}",
        r"Don'?t attack other readers personally.{0,100}",
        r"Use the \"Report Abuse\" button.{0,60}",
    ],
    "share and follow buttons": [
        r"(?:\d+ SHARES? )?(?:(?:Share|Tweet|Email|E-mail|Print|Save|Facebook|Twitter|LinkedIn"
        r"|Google\+?|Pinterest|Reddit|WhatsApp|Digg|StumbleUpon|Tumblr|Messenger|Flipboard"
        r"|Copy link|Bookmark with)(?: this(?: story| article)?)?:?\s*)+",
        r"Share (?:this|on|via|with)(?: [\w:+-]+){0,5}:?",
        r"Read or Share this story: \S+",
        r"Like this: Like Loading\.\.\.(?: Related)?",
        ("mail this to a friend", r".{0,40}E-?mail this to a friend.{0,40}"),
        r"Follow .{1,80}? on (?:Twitter|Facebook|Instagram|Google\+|LinkedIn|TikTok|YouTube"
        r"|Snapchat)\b.{0,100}",
        r"Follow (?:us |me |him |her |them )?@\w+.{0,80}",
        r"Connect with .{1,80}\b(?:Facebook|Twitter)\b.{0,200}",
        ("twitter", rf"{_NAME} (?:is )?on Twitter:{{0,2}}\s*:?\s*(?:https?://\S+|@\w+)\.?"),
        ("twitter", rf"{_NAME} can be followed on Twitter.{{0,80}}"),
        r"(?:Twitter|Instagram|Facebook)\s*:?\s*@\w+.{0,100}",
        r"Find .{1,40} on Facebook\.?",
    ],
    "author contact and wire credits": [
        rf"Write to {_NAME}(?: and {_NAME})? at {_EMAIL}\.?",
        r"(?:To )?[Cc]ontact (?:the )?(?:reporters?|editors?|writers?|authors?)\b.{0,150}",
        rf"(?:Contact|Reach|Email|E-mail) {_NAME} at .{{0,100}}",
        rf"(?:You can )?reach {_NAME} at .{{0,100}}",
        ("reached at", rf"{_NAME} (?:may|can) be reached at (?:\S+@|\(?\d{{3}}).{{0,120}}"),
        r"\(This version (?:corrects|adds|updates|removes)\b.{0,300}",
        r"Have a (?:news )?tip\b.{0,80}",
        # A short line around an email address: "jdoe@x.com or 555-0100", "Email: jdoe@x.com".
        (
            ("@", "[email"),
            rf"(?:(?!\s)[^.!?]{{0,60}}\s)?{_EMAIL}(?:[\s,;|]+(?:or\s)?(?:[\d().+ -]{{7,}}|@\w+"
            r"|Twitter:?\s*@?\w+))*\.?",
        ),
        r"\(?Corresponding author:.{0,150}",
        r"[—–-]+\s*(?:Additional )?(?:Reporting|Writing|Editing) by .{1,150}",
        r"[—–-]+\s*With (?:additional )?(?:reporting|assistance) (?:by|from) .{1,200}",
        r"\(?(?:Additional )?(?:Reporting|Writing|Editing) by [^()]{1,300}\)",
        (
            "contributed",
            r"[—–-]*\s*.{1,400}\bcontributed (?:to )?(?:this|the) (?:report|story|article)"
            r"(?: from .{1,60})?\.?",
        ),
        ("contributed", r".{1,200}\bcontributed reporting\.?"),
        ("contributed", rf"{_NAME}(?:,? (?:and )?{_NAME})* (?:also )?contributed\."),
        (
            "contributed",
            r"(?:Associated Press|AP|Reuters) (?:writers?|reporters?|correspondents?)\b.{1,300}"
            r"\bcontributed\b.{0,80}",
        ),
        r"Additional reporting by .{1,200}",
        r"Contributing: .{1,100}",
        # A sign-off: "— Jane Doe", "-- Jane Doe and John Roe at City Hall".
        rf"[—–-]{{1,2}}\s?{_NAME}(?:(?: and|,) {_NAME})*(?: (?:at|in) .{{1,60}})?",
    ],
    "tags and topics": [
        r"(?:Tags?|Topics?|Categories|Category|Keywords|Filed [Uu]nder|Read more about|More on"
        r"|Related [Tt]opics)\s*:.{0,300}",
        r"(?-i:Tags?(?: [A-Z][\w&'’.-]*)+)",
    ],
    "navigation and promotions": [
        r"(?:Most (?:Popular|Read|Viewed|Shared|Emailed|Commented)|Load more(?: stories)?"
        r"|Show more|See (?:all|more) (?:of )?[^.!?]{0,30}(?:videos?|photos?|stories|news|reviews"
        r"|coverage)|Trending(?: Now| Stories| Topics| Videos)?"
        r"|Recommended(?: for you| stories| reading| videos)?"
        r"|You (?:may|might) also (?:like|be interested in)|Sponsored(?: content| links?"
        r"| stories| by .{1,40})?|Top (?:Stories|News|Videos)|Popular (?:Now|Stories)"
        r"|Latest (?:News|Stories|Videos)|Editor'?s'? Picks|Up Next|More (?:Stories|News|Videos"
        r"|Headlines)|Related(?: Stories| Articles| Content| Coverage| Links?"
        r"| Posts| Videos?| Gallery| Story| Topics)?|Continue reading(?: below)?"
        r"|Story continue[sd] below(?: advertisement)?|(?:Photo )?Advertisement(?: - Continue"
        r" Reading Below| Continue reading the main story)?|Play(?: Video| Facebook)?|Video"
        r"|Photos?|Gallery|View Gallery|Enlarge|Article (?:Excerpt|Tools)|Text size|Print"
        r"|Back to top|Posted|Loading\.*|Skip Ad|Read (?:more|full (?:article|story)))\s*[:.…]?",
        # A linked headline: "Related Netflix Hacker Also Claims Theft From ABC".
        r"Related (?-i:[A-Z][\w'’]*)(?:\s(?-i:[A-Z0-9][\w'’:,.-]*)|\s(?:a|an|the|of|to|in|on|for"
        r"|and|with|from|by|at|as)){2,25}",
        r"(?:Watch|Listen|Read(?: More| Also)?|More(?: News)?|Related(?: \w+)?|See Also"
        r"|Also (?:Read|See)|Photos?|Pics|Videos?|Gallery|Interactive(?: \w+)?|Full Coverage"
        r"|Bonus|Don'?t Miss|Must Watch)\s*:.{0,200}",
        r"More from (?-i:[A-Z])[^.!?:]{0,60}:?",
        r"\[[^\[\]]{10,200}\]",  # bracketed link to another story: "[Related: …]"
        # A linked headline: "Hill to lead fight Read more".
        ("read more", r".{5,200} Read more\.?"),
        r"Click (?:here|for|to)\b.{0,150}",
        r"(?:For|To) [^.!?]{1,120}, (?:you can )?(?:click here|tap here|sign up|subscribe"
        r"|follow (?:us|me|him|her|@)|(?:go to|visit) (?:www\.|https?:|our\b"
        r"|\S+\.(?:com|org|net)\b))[^!?]{0,150}",
        r"Please wait while you are redirected.{0,100}",
        r"Read (?:more|the full (?:story|article|report)) (?:from|on|at|about) .{1,80}",
        r"(?:(?:For|To|Please|Or)\b[^.!?]{0,100}\s)?(?:click|tap) here\.?",
        r"On (?:a )?mobile(?: device)?\?.{0,60}",
        r"Watch (?:more above|below|the (?:full )?video(?: above| below)?|now|live)\b.{0,60}",
    ],
    "copyright, cookies and notes": [
        r"\(?(?:©|Copyright\s*(?:©|\(c\)|\d{4})).{0,200}",
        r"All [Rr]ights [Rr]eserved\b.{0,100}",
        r"This material may not be (?:published|broadcast|rewritten|redistributed).{0,100}",
        r"Reprinted (?:by|with) (?:arrangement|permission).{0,100}",
        r"Do not reproduce without permission\.?",
        r"(?:(?:We|This (?:site|website)|Our (?:site|website)) uses? cookies"
        r"|(?:Accept|Manage|Reject) (?:all )?cookies).{0,300}",
        r"(?:Cookie|Privacy) (?:Policy|Settings|Preferences|Notice)\.?",
        r"(?:Please )?(?:enable|turn on) JavaScript.{0,150}",
        r"Your browser does not support.{0,150}",
        r"Originally published (?:on|at|in|by) .{1,80}",
        r"\(?This (?:article|story|post|piece|editorial) (?:was |has been )?(?:originally "
        r"|first )?(?:published|appeared|posted|updated|corrected|amended)\b.{0,150}",
        r"\[?(?:Editor['’]s [Nn]ote|Correction|Clarification)\s*:.{0,300}",
        r"(?:• )?This (?:article|story) (?:is|was) (?:reproduced|republished|reprinted"
        r"|amended)\b.{0,200}",
    ],
    "photo credits": [
        r"[(\[]?(?:Photo|Photograph(?:er)?|Image|Picture|Illustration|Video|Graphic|Listing image"
        r"|Credit)(?:s|\s+credits?)?\s?(?::|/|by|courtesy(?: of)?|via|[-–—])\s?"
        rf"{_CREDIT}\.?[)\]]?",
        r"(?:Getty(?: Images)?|AP|AFP|Reuters|EPA|Associated Press|Press Pool|Pool|Shutterstock"
        r"|AP Photo|PA|PA Wire|Bloomberg|Xinhua|WireImage|FilmMagic|Invision"
        r"|(?:AP|AFP|Reuters|EPA) (?:Photo|file photo))\.?",
        rf"Courtesy(?: of)? {_CREDIT}",
        r"Getty Images(?-i: [A-Z][\w.'’-]*){1,4}",
        # Politico puts the credit, then a linked headline, after the caption: "… | Getty Headline".
        r"\|\s?(?:Getty|AP Photo|AP|Reuters|AFP)\b.{0,200}",
        r"@\w+ (?:via|on) (?:Instagram|Twitter)",
        r"\([^()]{0,40}\b(?:[Pp]hotos?|[Pp]hoto/)[^()]{0,40}\)",  # "(U.S. Navy photo)"
        r"\([A-Z][^()/!?]{0,60}/[^()!?]{1,60}\)",  # "(Jo Roe/The Washington Post)"
        # "Bryan Bedder/Getty Images", "April Baer / OPB": capitalized parts joined by slashes.
        ("/", r"(?-i:[A-Z@][^/.!?]{0,40}(?:\s?/\s?[A-Z][^/.!?]{0,40})+)"),
        # A bare parenthesized credit: "(Metropolitan Nashville Police Department)", "(AP)".
        r"\((?-i:[A-Z][\w.'’&-]*(?:,?\s(?:[A-Z][\w.'’&-]*|of|the|and|for|&)){0,6})\)",
    ],
    "time stamps and bylines": [
        # "Updated 5:32 PM ET, Mon July 16, 2018", "Published 3 hours ago", "10:20 p.m."
        r"(?:(?:Last |First )?(?:Updated|Published|Posted|Modified)(?: on| at)?\s*:?\s*)?"
        rf"{_STAMP_START}(?:[\s,.|:–—-]+{_STAMP_TOKEN})*[\s,.|:–—-]*"
        r"(?:(?:by|\|) .{1,60}|\([A-Z][\w .&/-]{1,40}\))?",
        r"(?:Last |First )?(?:Updated|Published|Posted)\.?",
        # "By Jane Doe, Staff Writer", "/ Updated By Jane Doe", "By Jane Doe of the Daily Orbit".
        rf"/?\s?(?:Updated |Source: \S+ )?By {_NAME}(?: \([^()]{{1,80}}\))?"
        rf"(?:(?:,| and| &) {_NAME}(?: \([^()]{{1,80}}\))?)*"
        r"(?:(?:,| of| for|/| -| —| \|)\s?(?:the\s)?(?-i:[A-Z][\w.'’&-]*)"
        r"(?:\s(?-i:[A-Z][\w.'’&-]*|of|the|and|for|&)){0,6})?",
        r"(?:https?://|www\.)\S+",  # a bare address
    ],
}

# --- Inline rules: cut out of a sentence, keeping the rest. -----------------------------------
_INLINE = [
    # Credits in brackets: "(Photo: AP)", "(AP Photo/Evan Vucci, File)", "(Jo Roe/Getty Images)".
    r"\((?:AP |AFP |Reuters |EPA )?Photo(?:s|graph)?\s?[:/][^()]{1,80}\)",
    r"\([^()]{0,60}/(?:Getty Images|AFP|AP|Reuters|EPA|Bloomberg)[^()]{0,30}\)",
    r"\((?:Credit|Image|Courtesy)\b:?[^()]{1,60}\)",
    r"\(Associated Press\)$",
    r"\([A-Z][^()/!?]{0,60}/(?:[^()!?]{1,60})\)$",
    r"\((?:Published|Updated|Posted)\b[^()]{1,60}\)",
    r"\[Photo/[^\]]{1,60}\]",
    # Credits opening or closing a caption: "Photo: AFP The …", "… Credit: Jo Roe/NASA".
    r"^(?:Photo|Image|Credit): (?:AFP|AP|REUTERS|Reuters|Getty Images|EPA)\s",
    r"(?:Credit|Photo|Image|Photograph(?:er)?):\s[^.!?]{1,60}$",
    r"(?:Photo|Credit):\s(?:REUTERS|AP|AFP|Getty Images)\.?$",
    r"AP Photo/[\w .'-]{1,40}$",
    # Wire credits and desk contacts at the end of a story.
    r"\((?:Additional )?(?:Reporting|Writing|Editing|Compiled|Research)[^()]*?\s[Bb]y [^()]*\)",
    r"\(\([^()]*@[^()]*\)\)",
    # Embed debris and page furniture that lands inside paragraphs.
    r"pic\.twitter\.com/\w+",
    r"https?://t\.co/\w+",
    r"(?:Photo )?Advertisement(?: -)? Continue (?:reading the main story|Reading Below)\b",
    r"Story continue[sd] below(?: advertisement)?\b",
    r"Skip in Skip x Embed x Share\b",
]

# CamelCase that is a name, not two fused words: McDonald, MacArthur, DeSantis, LeBron, O'Neil.
_NAME_PREFIXES = frozenset("Mc Mac O De Di Da Du Le La Van Von St".split())

_PARAGRAPH_START = re.compile("|".join(f"(?:{p})" for p in _PARAGRAPH_STARTS), re.I)
_PARAGRAPH_MARKER = re.compile("|".join(f"(?:{p})" for p in _PARAGRAPH_MARKERS), re.I)
_UNIT_RULES = [rule for family in _UNITS.values() for rule in family]


def _unit_pattern(patterns: list[str]) -> re.Pattern[str]:
    """One pattern for a list of unit rules, with what may stand in front of any of them."""
    # Bullets and asterisks in front ("• Email: …", "**SUBSCRIBE to …") do not change what a
    # unit is.
    return re.compile(
        r"[*•·]*\s?(?:" + "|".join(f"(?:{p})" for p in patterns) + r")(?!\w)", re.I
    )


# `fullmatch` tells whether a unit is noise; `match` where a sentence may begin tells whether a
# paragraph needs splitting into sentences at all.
_UNIT = _unit_pattern([rule if isinstance(rule, str) else rule[1] for rule in _UNIT_RULES])
_SENTENCE_GAP = re.compile(r"[.!?…][\"”’)]?\s+")
# No pattern starts with a space, so the regex engine can skip ahead to the few characters an
# inline credit starts with; the space before a cut is removed by _cut_inline.
_INLINE_RE = re.compile("|".join(f"(?:{p})" for p in _INLINE))

# Shortcuts that give the same answers faster. Most lines hold none of the words a costly rule
# needs, and a substring test says so far faster than the rule itself fails:
# - a unit rule written as (word or words, pattern) can match from any position
#   (".{1,400}\bcontributed …", a line around an email address), so it is tried at every
#   length, and these few cost more than all the other unit rules together. A line holding
#   none of their words is tested with the other rules only (_UNIT_UNGATED);
# - each paragraph marker needs one of _MARKER_WORDS, and each inline rule one of
#   _INLINE_NEEDS (case-sensitive, as those rules): add the word with a new rule.
# The words are looked for in line.lower(), which finds them wherever a case-insensitive rule
# could match, except that re's IGNORECASE also equates "ı" and "İ" with "i" and "ſ" with "s":
# a line holding one of those takes no shortcut.
_UNIT_UNGATED = _unit_pattern([rule for rule in _UNIT_RULES if isinstance(rule, str)])
_UNIT_WORDS = tuple(
    dict.fromkeys(
        word
        for rule in _UNIT_RULES
        if not isinstance(rule, str)
        for word in ((rule[0],) if isinstance(rule[0], str) else rule[0])
    )
)
_MARKER_WORDS = (
    "hide caption", "full screen autoplay close", "replay more videos", "back to gallery",
    "buy photo wait", "(associated press)", "(@", "a post shared by",
)  # fmt: skip
_INLINE_NEEDS = (
    "(", "[Photo/", ":", "AP Photo/", "pic.twitter.com/", "t.co/", "Advertisement",
    "Story continue", "Skip in Skip",
)  # fmt: skip
_NO_LOWER_SHORTCUT = ("ı", "İ", "ſ")
# Runs of spaces that are not a single plain space (those are left as they are).
_SPACES = re.compile(
    r"[\t\r\f\v\xa0\u1680\u2000-\u200a\u202f\u205f\u3000]"
    r"[ \t\r\f\v\xa0\u1680\u2000-\u200a\u202f\u205f\u3000]*"
    r"| [ \t\r\f\v\xa0\u1680\u2000-\u200a\u202f\u205f\u3000]+"
)
_INVISIBLE = re.compile(r"[\u200b-\u200d\u2060\ufeff\xad]")
_HAS_WORD = re.compile(r"[^\W_]")
_FOLD = re.compile(r"[\W_]+")
_TITLE_SEPARATOR = re.compile(r"\s[|–—-]\s|\s?\|\s?")
# Fused link text (The Hill): "President Trump Donald John TrumpBiden slams ... MORE met ...".
_MORE = re.compile(r"(?<![A-Z]{2} )\bMORE\b(?!:)")
_FUSED = re.compile(r"(?<=[a-z])(?=[A-Z])")
_FUSED_LINK_MAX_WORDS = 60
_WORD = re.compile(r"\S+")
_SURNAME_END = re.compile(r"[A-Z][a-z'’]*$")
# Noise comes in short units; a longer line or sentence is never noise as a whole.
_MAX_UNIT_CHARS = 400


def clean(article: Article) -> Article:
    """Return the article with everything that is not article text removed (see module doc)."""
    kept: list[str] = []
    seen: set[str] = set()
    for raw in article.text.split("\n"):
        line = _clean_paragraph(_SPACES.sub(" ", _INVISIBLE.sub("", raw)).strip())
        if not line or line in seen or (not kept and _repeats_title(line, article.title)):
            continue
        seen.add(line)
        kept.append(line)
    return dataclasses.replace(article, text="\n".join(kept))


def _clean_paragraph(line: str) -> str:
    """The paragraph without its noise; "" when nothing of the article is left."""
    if not line or _PARAGRAPH_START.match(line):
        return ""
    lower = _lower(line)
    if _may_hold(lower, _MARKER_WORDS) and _PARAGRAPH_MARKER.search(line):
        return ""
    original = line
    if "MORE" in line:
        line = _cut_fused_links(line)
    if any(word in line for word in _INLINE_NEEDS):
        line = _cut_inline(line)
    if line is not original:  # a cut may join two halves of a word the shortcuts look for
        lower = _lower(line)
    units = _UNIT if _may_hold(lower, _UNIT_WORDS) else _UNIT_UNGATED
    if _is_noise(line, units):
        return ""
    line = _drop_noise_sentences(line, units)
    return line if _HAS_WORD.search(line) else ""


def _lower(line: str) -> str | None:
    """`line` in lower case for the shortcuts, or None when they may not be taken."""
    return None if any(char in line for char in _NO_LOWER_SHORTCUT) else line.lower()


def _may_hold(lower: str | None, words: tuple[str, ...]) -> bool:
    """Whether the line (see _lower) may hold one of `words`."""
    return lower is None or any(word in lower for word in words)


def _drop_noise_sentences(line: str, units: re.Pattern[str]) -> str:
    """The line without the sentences that unit rules match ("… Follow us on Twitter @x. …").

    Splitting every line and testing every sentence would cost more than the rest of clean,
    so a line is split only where a unit rule could open: noise at its start is peeled off
    one sentence at a time from a short window, and only a line where noise may open after a
    sentence gap is split as a whole.
    """
    while units.match(line):
        first = split_sentences(line[: _MAX_UNIT_CHARS + 1])
        if not first or not line.startswith(first[0]) or not _is_noise(first[0], units):
            break
        line = line[len(first[0]) :].lstrip()
    if any(units.match(line, gap.end()) for gap in _SENTENCE_GAP.finditer(line)):
        sentences = split_sentences(line)
        kept = [s for s in sentences if not _is_noise(s, units)]
        if len(kept) < len(sentences):
            line = " ".join(kept)
    return line


def _cut_inline(line: str) -> str:
    """The line with every inline credit cut out, with the space in front of each cut."""
    parts: list[str] = []
    pos = 0
    for m in _INLINE_RE.finditer(line):
        parts.append(line[pos : m.start()].rstrip(" "))
        pos = m.end()
    if not parts:
        return line
    parts.append(line[pos:])
    return "".join(parts).strip()


def _is_noise(unit: str, units: re.Pattern[str] = _UNIT) -> bool:
    """Whether a whole line or sentence is noise: a unit rule matches all of it.

    `units` is _UNIT, or _UNIT_UNGATED for a line that no gated rule can match.
    """
    return len(unit) <= _MAX_UNIT_CHARS and units.fullmatch(unit) is not None


def _repeats_title(line: str, title: str) -> bool:
    """Whether `line` is the headline again ("Title", "Title | Outlet"), not a lead sentence."""
    if not title or line.endswith("."):
        return False
    return bool(_headline_keys(line) & _headline_keys(title))


def _headline_keys(text: str) -> set[str]:
    """Folded forms of a headline with and without an outlet suffix ("Title | Outlet")."""
    keys = {_FOLD.sub("", text.casefold())}
    first = _TITLE_SEPARATOR.split(text, maxsplit=1)[0]
    if len(first.split()) >= 2:
        keys.add(_FOLD.sub("", first.casefold()))
    keys.discard("")
    return keys


def _cut_fused_links(line: str) -> str:
    """Delete link text fused into a sentence, from the name it hangs on to its "MORE".

    The Hill renders a linked name as the name, the full name glued to a run of headlines, and
    "MORE": "President Trump Donald John TrumpBiden slams … MORE met Kim." The glue is a
    lowercase letter followed by a capital inside one word ("TrumpBiden"); the run is cut from
    there (or from the repeated full name before it) through "MORE". Only a bounded run that
    ends in a standalone "MORE" is cut, so McDonald, iPhone or YouTube alone never are.
    """
    out: list[str] = []
    pos = 0
    for more in _MORE.finditer(line):
        if more.start() < pos:
            continue
        start = _fused_link_start(line, pos, more.start())
        if start is not None:
            out.append(line[pos:start])
            pos = more.end()
    out.append(line[pos:])
    return "".join(out)


def _fused_link_start(line: str, lo: int, hi: int) -> int | None:
    """Where the fused link text that ends at `hi` ("MORE") begins, if there is one."""
    words = list(_WORD.finditer(line, lo, hi))[-_FUSED_LINK_MAX_WORDS:]
    for n, word in enumerate(words):
        for glue in _FUSED.finditer(word.group()):
            head = word.group()[: glue.start()]
            name = _SURNAME_END.search(head)
            if not name or name.group() in _NAME_PREFIXES:
                continue
            # "Clapper James Robert ClapperClapper: …": the full name repeats the shown surname.
            for back in range(n - 1, max(n - 5, -1), -1):
                if words[back].group().strip(",") == name.group():
                    return words[back].end()
            return word.start() + glue.start()
    return None
