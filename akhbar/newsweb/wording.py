"""The visible wording of page chrome, in Arabic and French (written for the simulation)."""

from __future__ import annotations

SECTIONS = {
    "ar": {
        "politics": "سياسة",
        "economy": "اقتصاد",
        "sports": "رياضة",
        "culture": "ثقافة",
        "international": "دولي",
        "national": "وطني",
        "society": "مجتمع",
        "technology": "تكنولوجيا",
        "misc": "متفرقات",
    },
    "fr": {
        "politics": "Politique",
        "economy": "Économie",
        "sports": "Sports",
        "culture": "Culture",
        "international": "Monde",
        "national": "Nation",
        "society": "Société",
        "technology": "High-tech",
        "misc": "Divers",
    },
}
WORDS = {
    "ar": {
        "home": "الرئيسية",
        "contact": "اتصل بنا",
        "latest": "آخر الأخبار",
        "read_also": "اقرأ أيضا",
        "most_read": "الأكثر قراءة",
        "related": "مواضيع ذات صلة",
        "share": "شارك:",
        "comments": "التعليقات",
        "send": "أرسل",
        "policy": "التعليقات المنشورة لا تعبر بالضرورة عن رأي الموقع، ويحتفظ الموقع بحق حذف أي"
        " تعليق يتضمن إساءة أو خروجا عن موضوع الخبر.",
        "cookie": "يستخدم هذا الموقع ملفات تعريف الارتباط لتحسين تجربتك. بمواصلة التصفح فإنك توافق"
        " على ذلك.",
        "agree": "موافق",
        "caption": "صورة أرشيفية",
        "report": "الإبلاغ عن الصورة",
        "reported": "شكرا على الإبلاغ! سيتم حجب هذه الصورة تلقائيا عندما يتم الإبلاغ عنها من طرف"
        " عدة أشخاص.",
        "ad": "إعلان",
        "about": "من نحن",
        "privacy": "سياسة الخصوصية",
        "rights": "جميع الحقوق محفوظة",
        "tags": "كلمات مفتاحية:",
        "next": "الصفحة التالية",
        "by": "بقلم:",
    },
    "fr": {
        "home": "Accueil",
        "contact": "Contact",
        "latest": "Dernière minute",
        "read_also": "Lire aussi",
        "most_read": "Les plus lus",
        "related": "Sur le même sujet",
        "share": "Partager :",
        "comments": "Commentaires",
        "send": "Envoyer",
        "policy": "Les commentaires n'engagent que leurs auteurs ; la rédaction se réserve le droit"
        " de supprimer tout propos injurieux ou hors sujet.",
        "cookie": "Ce site utilise des cookies pour améliorer votre expérience. En poursuivant la"
        " navigation, vous les acceptez.",
        "agree": "J'accepte",
        "caption": "Photo d'archives",
        "report": "Signaler l'image",
        "reported": "Merci pour votre signalement ! Cette image sera masquée automatiquement dès"
        " que plusieurs personnes l'auront signalée.",
        "ad": "Publicité",
        "about": "Qui sommes-nous",
        "privacy": "Confidentialité",
        "rights": "Tous droits réservés",
        "tags": "Mots-clés :",
        "next": "Page suivante",
        "by": "Par",
    },
}
COMMENTS = {
    "ar": (
        ("زائر", "بالتوفيق إن شاء الله، ننتظر المزيد من التفاصيل."),
        ("مواطن غيور", "أين كانت الجهات المعنية من قبل؟"),
    ),
    "fr": (
        ("Lecteur", "Enfin une bonne nouvelle, on attend la suite."),
        ("Karim", "Et pour les autres wilayas, c'est pour quand ?"),
    ),
}


def word(lang: str, key: str) -> str:
    return WORDS["fr" if lang == "fr" else "ar"][key]


def section_label(lang: str, section: str) -> str:
    return SECTIONS["fr" if lang == "fr" else "ar"].get(section, section)
