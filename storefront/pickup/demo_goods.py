"""The demo zone's bonded goods: imported goods held in the Chenzhou bonded warehouse.

Codes, record numbers and the account book are placeholders of the demo zone (like the
customs codes in ``storefront.config``); HS codes, VAT and consumption-tax rates are the real
ones for such goods (VAT 13%, 9% for nuts; consumption tax 15% on high-end cosmetics, 10% on
wine; sources in docs/bonded-pickup.md). Texts in the six locales of the shop; descriptions in
English and Chinese, the other locales fall back to English (the goods' source language).
"""

from __future__ import annotations

from decimal import Decimal as D

EMS_NO = "T4900W000001"  # the zone warehouse's account book (placeholder)

# sku, category, origin, hs, price, vat, ct, threshold, tariff, content, unit, declared unit,
# legal unit, legal qty, (second unit, second qty), net kg, gross kg, indivisible, stock
GOODS = [
    ("BD-NZ-MILK-3", "milk_powder", "NZ", "1901101000", D("268.00"), D("0.13"), D("0"), None,
     D("0.15"), D("900"), "g", "122", "035", D("0.9"), None, D("0.9"), D("1.1"), False, 120),
    ("BD-NL-GOAT-2", "milk_powder", "NL", "1901101000", D("298.00"), D("0.13"), D("0"), None,
     D("0.15"), D("800"), "g", "122", "035", D("0.8"), None, D("0.8"), D("1.0"), False, 80),
    ("BD-FR-ROSE-50", "cosmetics", "FR", "3304990099", D("189.00"), D("0.13"), D("0.15"),
     D("10.00"), D("0.01"), D("50"), "ml", "142", "035", D("0.05"), None, D("0.05"), D("0.16"),
     False, 60),
    ("BD-JP-SERUM-30", "cosmetics", "JP", "3304990099", D("980.00"), D("0.13"), D("0.15"),
     D("10.00"), D("0.01"), D("30"), "ml", "142", "035", D("0.03"), None, D("0.03"), D("0.12"),
     False, 40),
    ("BD-FR-BDX-750", "wine", "FR", "2204210000", D("268.00"), D("0.13"), D("0.10"), None,
     D("0.14"), D("750"), "ml", "142", "095", D("0.75"), ("035", D("0.75")), D("0.75"),
     D("1.3"), False, 90),
    ("BD-AU-SHZ-750", "wine", "AU", "2204210000", D("198.00"), D("0.13"), D("0.10"), None,
     D("0.14"), D("750"), "ml", "142", "095", D("0.75"), ("035", D("0.75")), D("0.75"),
     D("1.3"), False, 90),
    ("BD-AU-FISHOIL", "health_food", "AU", "2106909090", D("158.00"), D("0.13"), D("0"), None,
     D("0.12"), D("400"), "piece", "142", "035", D("0.56"), None, D("0.56"), D("0.7"), False,
     100),
    ("BD-US-VITC-250", "health_food", "US", "2106909090", D("129.00"), D("0.13"), D("0"), None,
     D("0.12"), D("250"), "piece", "142", "035", D("0.35"), None, D("0.35"), D("0.45"), False,
     100),
    ("BD-AU-MACA-500", "snacks", "AU", "0802620000", D("118.00"), D("0.09"), D("0"), None,
     D("0.12"), D("500"), "g", "136", "035", D("0.5"), None, D("0.5"), D("0.55"), False, 150),
    ("BD-JP-MATCHA-24", "snacks", "JP", "1905310000", D("68.00"), D("0.13"), D("0"), None,
     D("0.15"), D("24"), "piece", "140", "035", D("0.3"), None, D("0.3"), D("0.42"), False, 150),
    ("BD-DE-PAN-28", "kitchenware", "DE", "7323930000", D("399.00"), D("0.13"), D("0"), None,
     D("0.12"), D("1"), "piece", "011", "035", D("1.4"), None, D("1.4"), D("1.9"), True, 30),
    ("BD-DE-KNIFE-7", "kitchenware", "DE", "8211100000", D("5600.00"), D("0.13"), D("0"), None,
     D("0.08"), D("7"), "piece", "006", "006", D("1"), ("035", D("2.6")), D("2.6"), D("3.4"),
     True, 5),
]  # fmt: skip

# sku -> locale -> (name, summary)
TEXTS: dict[str, dict[str, tuple[str, str]]] = {
    "BD-NZ-MILK-3": {
        "en": (
            "New Zealand toddler milk formula, stage 3, 900 g",
            "Whole-milk formula for children from 1 to 3 years, from New Zealand pastures.",
        ),  # noqa: E501
        "zh-hans": ("新西兰幼儿配方奶粉3段 900克", "新西兰牧场全脂奶源，适合1至3岁幼儿。"),
        "zh-hant": ("紐西蘭幼兒配方奶粉3段 900克", "紐西蘭牧場全脂奶源，適合1至3歲幼兒。"),
        "fr": (
            "Lait de croissance néo-zélandais, 3ᵉ âge, 900 g",
            "Lait entier pour enfants de 1 à 3 ans, issu des pâturages de Nouvelle-Zélande.",
        ),  # noqa: E501
        "ms": (
            "Susu formula kanak-kanak New Zealand, tahap 3, 900 g",
            "Formula susu penuh untuk kanak-kanak 1 hingga 3 tahun, dari padang ragut New Zealand.",
        ),  # noqa: E501
        "ar": (
            "حليب أطفال نيوزيلندي، المرحلة 3، 900 غ",
            "حليب كامل الدسم للأطفال من سنة إلى 3 سنوات من مراعي نيوزيلندا.",
        ),  # noqa: E501
    },
    "BD-NL-GOAT-2": {
        "en": (
            "Dutch goat-milk follow-on formula, stage 2, 800 g",
            "Goat-milk formula for babies from 6 to 12 months, made in the Netherlands.",
        ),  # noqa: E501
        "zh-hans": (
            "荷兰羊奶较大婴儿配方奶粉2段 800克",
            "荷兰生产的羊奶配方奶粉，适合6至12个月婴儿。",
        ),
        "zh-hant": (
            "荷蘭羊奶較大嬰兒配方奶粉2段 800克",
            "荷蘭生產的羊奶配方奶粉，適合6至12個月嬰兒。",
        ),
        "fr": (
            "Lait de suite au lait de chèvre des Pays-Bas, 2ᵉ âge, 800 g",
            "Lait au lait de chèvre pour bébés de 6 à 12 mois, fabriqué aux Pays-Bas.",
        ),  # noqa: E501
        "ms": (
            "Susu formula susulan susu kambing Belanda, tahap 2, 800 g",
            "Formula susu kambing untuk bayi 6 hingga 12 bulan, dibuat di Belanda.",
        ),  # noqa: E501
        "ar": (
            "حليب متابعة هولندي من حليب الماعز، المرحلة 2، 800 غ",
            "حليب من حليب الماعز للرضّع من 6 إلى 12 شهرًا، مصنوع في هولندا.",
        ),  # noqa: E501
    },
    "BD-FR-ROSE-50": {
        "en": (
            "French rose hydrating face cream, 50 ml",
            "Everyday moisturiser with rose water from Provence.",
        ),  # noqa: E501
        "zh-hans": ("法国玫瑰保湿面霜 50毫升", "含普罗旺斯玫瑰水的日常保湿面霜。"),
        "zh-hant": ("法國玫瑰保濕面霜 50毫升", "含普羅旺斯玫瑰水的日常保濕面霜。"),
        "fr": (
            "Crème visage hydratante à la rose, 50 ml",
            "Soin hydratant quotidien à l'eau de rose de Provence.",
        ),  # noqa: E501
        "ms": (
            "Krim muka pelembap mawar Perancis, 50 ml",
            "Pelembap harian dengan air mawar dari Provence.",
        ),  # noqa: E501
        "ar": ("كريم وجه مرطّب بالورد من فرنسا، 50 مل", "مرطّب يومي بماء الورد من بروفانس."),
    },
    "BD-JP-SERUM-30": {
        "en": (
            "Japanese intensive repair serum, 30 ml",
            "A concentrated night serum: a high-end cosmetic for customs (over 10 CNY per ml).",
        ),  # noqa: E501
        "zh-hans": ("日本密集修护精华液 30毫升", "浓缩夜间精华；每毫升超过10元，属高档化妆品。"),
        "zh-hant": ("日本密集修護精華液 30毫升", "濃縮夜間精華；每毫升超過10元，屬高檔化妝品。"),
        "fr": (
            "Sérum réparateur intensif japonais, 30 ml",
            "Sérum de nuit concentré : cosmétique haut de gamme pour la douane (plus de 10 CNY le ml).",
        ),  # noqa: E501
        "ms": (
            "Serum pemulihan intensif Jepun, 30 ml",
            "Serum malam pekat: kosmetik mewah bagi kastam (lebih 10 CNY setiap ml).",
        ),  # noqa: E501
        "ar": (
            "سيروم إصلاح مكثّف ياباني، 30 مل",
            "سيروم ليلي مركّز: مستحضر تجميل فاخر لدى الجمارك (أكثر من 10 يوان لكل مل).",
        ),  # noqa: E501
    },
    "BD-FR-BDX-750": {
        "en": (
            "Bordeaux red wine 2019, 750 ml",
            "Merlot and cabernet sauvignon from the right bank of the Gironde.",
        ),  # noqa: E501
        "zh-hans": ("法国波尔多红葡萄酒2019 750毫升", "产自吉伦特河右岸的梅洛与赤霞珠混酿。"),
        "zh-hant": ("法國波爾多紅葡萄酒2019 750毫升", "產自吉倫特河右岸的梅洛與赤霞珠混釀。"),
        "fr": (
            "Vin rouge de Bordeaux 2019, 75 cl",
            "Merlot et cabernet-sauvignon de la rive droite de la Gironde.",
        ),  # noqa: E501
        "ms": (
            "Wain merah Bordeaux 2019, 750 ml",
            "Merlot dan cabernet sauvignon dari tebing kanan Gironde.",
        ),  # noqa: E501
        "ar": (
            "نبيذ أحمر من بوردو 2019، 750 مل",
            "ميرلو وكابرنيه سوفينيون من الضفة اليمنى لنهر الجيروند.",
        ),  # noqa: E501
    },
    "BD-AU-SHZ-750": {
        "en": ("Barossa Valley shiraz 2020, 750 ml", "A full-bodied shiraz from South Australia."),
        "zh-hans": ("澳大利亚巴罗莎谷西拉红葡萄酒2020 750毫升", "南澳大利亚出产的浓郁型西拉。"),
        "zh-hant": ("澳洲巴羅莎谷希哈紅葡萄酒2020 750毫升", "南澳洲出產的濃郁型希哈。"),
        "fr": (
            "Shiraz de la Barossa Valley 2020, 75 cl",
            "Une shiraz charpentée d'Australie-Méridionale.",
        ),  # noqa: E501
        "ms": (
            "Shiraz Lembah Barossa 2020, 750 ml",
            "Shiraz berbadan penuh dari Australia Selatan.",
        ),  # noqa: E501
        "ar": ("شيراز من وادي باروسا 2020، 750 مل", "نبيذ شيراز كامل القوام من جنوب أستراليا."),
    },
    "BD-AU-FISHOIL": {
        "en": (
            "Australian fish oil 1,000 mg, 400 capsules",
            "Omega-3 fish oil from wild-caught fish, one capsule a day.",
        ),  # noqa: E501
        "zh-hans": ("澳大利亚深海鱼油1000毫克 400粒", "野生深海鱼来源的欧米伽3鱼油，每日一粒。"),
        "zh-hant": ("澳洲深海魚油1000毫克 400粒", "野生深海魚來源的奧米加3魚油，每日一粒。"),
        "fr": (
            "Huile de poisson australienne 1 000 mg, 400 capsules",
            "Oméga-3 de poissons sauvages, une capsule par jour.",
        ),  # noqa: E501
        "ms": (
            "Minyak ikan Australia 1,000 mg, 400 kapsul",
            "Minyak ikan omega-3 daripada ikan liar, satu kapsul sehari.",
        ),  # noqa: E501
        "ar": (
            "زيت سمك أسترالي 1000 ملغ، 400 كبسولة",
            "زيت سمك أوميغا 3 من أسماك برية، كبسولة واحدة يوميًا.",
        ),  # noqa: E501
    },
    "BD-US-VITC-250": {
        "en": (
            "Vitamin C 1,000 mg, 250 tablets",
            "Vitamin C with rose hips, made in the United States.",
        ),  # noqa: E501
        "zh-hans": ("美国维生素C片1000毫克 250片", "含玫瑰果的维生素C，美国制造。"),
        "zh-hant": ("美國維生素C片1000毫克 250片", "含玫瑰果的維生素C，美國製造。"),
        "fr": (
            "Vitamine C 1 000 mg, 250 comprimés",
            "Vitamine C à l'églantier, fabriquée aux États-Unis.",
        ),  # noqa: E501
        "ms": (
            "Vitamin C 1,000 mg, 250 tablet",
            "Vitamin C dengan buah ros, dibuat di Amerika Syarikat.",
        ),  # noqa: E501
        "ar": (
            "فيتامين سي 1000 ملغ، 250 قرصًا",
            "فيتامين سي مع ثمر الورد، مصنوع في الولايات المتحدة.",
        ),  # noqa: E501
    },
    "BD-AU-MACA-500": {
        "en": (
            "Australian macadamia nuts, roasted, 500 g",
            "Shelled and lightly salted macadamias from Queensland.",
        ),  # noqa: E501
        "zh-hans": ("澳大利亚烘焙夏威夷果仁 500克", "昆士兰出产，去壳微盐烘焙。"),
        "zh-hant": ("澳洲烘焙夏威夷果仁 500克", "昆士蘭出產，去殼微鹽烘焙。"),
        "fr": (
            "Noix de macadamia australiennes grillées, 500 g",
            "Macadamias décortiquées et légèrement salées du Queensland.",
        ),  # noqa: E501
        "ms": (
            "Kacang makadamia Australia, dipanggang, 500 g",
            "Makadamia tanpa kulit, sedikit masin, dari Queensland.",
        ),  # noqa: E501
        "ar": (
            "مكسرات مكاديميا أسترالية محمّصة، 500 غ",
            "مكاديميا مقشّرة ومملّحة قليلًا من كوينزلاند.",
        ),  # noqa: E501
    },
    "BD-JP-MATCHA-24": {
        "en": (
            "Japanese matcha biscuits, 24 pieces",
            "Butter biscuits with Uji matcha, individually wrapped.",
        ),  # noqa: E501
        "zh-hans": ("日本宇治抹茶饼干 24枚", "宇治抹茶黄油饼干，独立包装。"),
        "zh-hant": ("日本宇治抹茶餅乾 24枚", "宇治抹茶奶油餅乾，獨立包裝。"),
        "fr": (
            "Biscuits au matcha du Japon, 24 pièces",
            "Biscuits au beurre et au matcha d'Uji, emballés un par un.",
        ),  # noqa: E501
        "ms": (
            "Biskut matcha Jepun, 24 keping",
            "Biskut mentega dengan matcha Uji, dibungkus satu-satu.",
        ),  # noqa: E501
        "ar": ("بسكويت ماتشا ياباني، 24 قطعة", "بسكويت بالزبدة وماتشا أوجي، مغلّف كل قطعة على حدة."),  # noqa: E501
    },
    "BD-DE-PAN-28": {
        "en": (
            "German stainless-steel frying pan, 28 cm",
            "Three-layer stainless steel, for every hob including induction.",
        ),  # noqa: E501
        "zh-hans": ("德国不锈钢煎锅 28厘米", "三层复合不锈钢，适用于包括电磁炉在内的各类炉具。"),
        "zh-hant": ("德國不鏽鋼煎鍋 28公分", "三層複合不鏽鋼，適用於包括電磁爐在內的各類爐具。"),
        "fr": (
            "Poêle allemande en inox, 28 cm",
            "Inox trois couches, pour tous les feux, induction comprise.",
        ),  # noqa: E501
        "ms": (
            "Kuali goreng keluli tahan karat Jerman, 28 cm",
            "Keluli tahan karat tiga lapis, untuk semua dapur termasuk induksi.",
        ),  # noqa: E501
        "ar": (
            "مقلاة ألمانية من الفولاذ المقاوم للصدأ، 28 سم",
            "فولاذ مقاوم للصدأ بثلاث طبقات، لكل المواقد بما فيها الحثّية.",
        ),  # noqa: E501
    },
    "BD-DE-KNIFE-7": {
        "en": (
            "German forged knife block set, 7 pieces",
            "One indivisible set over 5,000 CNY: sold alone, with tariff, VAT and consumption tax in full.",
        ),  # noqa: E501
        "zh-hans": (
            "德国锻造刀具套装 7件",
            "单件不可分割商品，超过5000元：须单独购买，全额征收关税、增值税和消费税。",
        ),  # noqa: E501
        "zh-hant": (
            "德國鍛造刀具套裝 7件",
            "單件不可分割商品，超過5000元：須單獨購買，全額徵收關稅、增值稅和消費稅。",
        ),  # noqa: E501
        "fr": (
            "Bloc de couteaux forgés allemands, 7 pièces",
            "Un ensemble indivisible de plus de 5 000 CNY : acheté seul, avec droits de douane, TVA et taxe de consommation en totalité.",
        ),  # noqa: E501
        "ms": (
            "Set blok pisau tempaan Jerman, 7 keping",
            "Satu set tidak boleh dipisahkan melebihi 5,000 CNY: dibeli sendirian, dengan tarif, VAT dan cukai penggunaan penuh.",
        ),  # noqa: E501
        "ar": (
            "طقم سكاكين ألمانية مطروقة مع حامل، 7 قطع",
            "طقم واحد غير قابل للتجزئة يزيد على 5000 يوان: يُشترى وحده مع الرسوم الجمركية وضريبة القيمة المضافة وضريبة الاستهلاك كاملة.",
        ),  # noqa: E501
    },
}

# sku -> (English description, Chinese description)
DESCRIPTIONS = {
    "BD-NZ-MILK-3": (
        "Milk from grass-fed cows, with DHA and vitamins. Imported in bulk into the bonded warehouse, released for your personal use when you order.",
        "采用草饲奶牛奶源，添加DHA和维生素。整批进入保税仓，下单后按个人自用物品清关放行。",
    ),  # noqa: E501
    "BD-NL-GOAT-2": (
        "Goat milk is naturally gentle; this formula follows the EU rules for follow-on formula.",
        "羊奶天然温和，本品符合欧盟较大婴儿配方食品标准。",
    ),  # noqa: E501
    "BD-FR-ROSE-50": (
        "A light cream for every day. At 3.78 CNY per ml it is not a high-end cosmetic: no consumption tax.",
        "日常轻薄面霜。每毫升3.78元，不属于高档化妆品，不征消费税。",
    ),  # noqa: E501
    "BD-JP-SERUM-30": (
        "At 32.67 CNY per ml this serum is a high-end cosmetic: consumption tax applies (15%, then 70% of it within the limits).",
        "每毫升32.67元，属于高档化妆品，须征消费税（税率15%，限值内按70%征收）。",
    ),  # noqa: E501
    "BD-FR-BDX-750": (
        "Aged 14 months in oak. Wine pays consumption tax (10%) besides VAT.",
        "橡木桶陈酿14个月。葡萄酒除增值税外还须缴纳消费税（10%）。",
    ),  # noqa: E501
    "BD-AU-SHZ-750": (
        "Dark fruit and spice; drink now or keep for five years.",
        "黑色水果与香料风味，现在饮用或存放五年皆宜。",
    ),  # noqa: E501
    "BD-AU-FISHOIL": (
        "Molecularly distilled, tested for heavy metals.",
        "分子蒸馏工艺，经重金属检测。",
    ),  # noqa: E501
    "BD-US-VITC-250": ("One tablet a day with a meal.", "每日一片，随餐服用。"),
    "BD-AU-MACA-500": (
        "Nuts pay VAT at 9%: the cross-border rate is 6.3%.",
        "坚果增值税率为9%，跨境综合税率为6.3%。",
    ),  # noqa: E501
    "BD-JP-MATCHA-24": ("Baked in Kyoto with stone-ground matcha.", "京都烘焙，选用石磨抹茶。"),
    "BD-DE-PAN-28": (
        "Oven-safe to 250 °C, dishwasher-safe.",
        "可进烤箱（250°C以内），可用洗碗机清洗。",
    ),
    "BD-DE-KNIFE-7": (
        "Six knives and a sharpening steel in an oak block. Over the 5,000 CNY order limit, a single indivisible item may still be bought through the cross-border channel, alone in its order and within the annual limit, paying the tariff (8%), VAT and consumption tax in full.",
        "六把刀和一根磨刀棒，配橡木刀座。单件不可分割商品超过5000元的单次限值，仍可单独下单、在年度限值内通过跨境渠道购买，但须全额缴纳关税（8%）、增值税和消费税。",
    ),  # noqa: E501
}

SHOWROOM = {
    "code": "czcbz-showroom",
    "supervision_area": "comprehensive_bonded_zone",
    "zone_name_zh": "郴州综合保税区",
    "address_zh": "湖南省郴州市北湖区郴州综合保税区跨境商品展示交易中心一楼",
    "warehouse_code": "4310940001",
    "warehouse_name": "郴州综保区保税仓储有限公司",
}
SHOWROOM_TEXTS = {
    "en": (
        "Chenzhou Bonded Zone showroom",
        "Cross-border goods exhibition and trading centre, ground floor, Chenzhou Comprehensive Bonded Zone, Beihu district, Chenzhou, Hunan",
        "Enter the zone by the visitors' gate on the east side; the counter is on the ground floor.",
    ),  # noqa: E501
    "zh-hans": (
        "郴州综保区跨境商品展示中心",
        "湖南省郴州市北湖区郴州综合保税区跨境商品展示交易中心一楼",
        "请从综保区东侧访客通道进入，提货柜台位于一楼。",
    ),  # noqa: E501
    "zh-hant": (
        "郴州綜保區跨境商品展示中心",
        "湖南省郴州市北湖區郴州綜合保稅區跨境商品展示交易中心一樓",
        "請從綜保區東側訪客通道進入，提貨櫃檯位於一樓。",
    ),  # noqa: E501
    "fr": (
        "Salle d'exposition de la zone franche de Chenzhou",
        "Centre d'exposition et de vente de produits transfrontaliers, rez-de-chaussée, zone sous douane intégrée de Chenzhou, district de Beihu, Chenzhou, Hunan",
        "Entrez dans la zone par l'accès visiteurs à l'est ; le comptoir est au rez-de-chaussée.",
    ),  # noqa: E501
    "ms": (
        "Bilik pameran Zon Berikat Chenzhou",
        "Pusat pameran dan dagangan barangan rentas sempadan, tingkat bawah, Zon Berikat Komprehensif Chenzhou, daerah Beihu, Chenzhou, Hunan",
        "Masuk ke zon melalui pintu pelawat di sebelah timur; kaunter berada di tingkat bawah.",
    ),  # noqa: E501
    "ar": (
        "صالة عرض منطقة تشنتشو الجمركية",
        "مركز عرض وتجارة السلع العابرة للحدود، الطابق الأرضي، منطقة تشنتشو الجمركية الشاملة، حي بيهو، تشنتشو، هونان",
        "ادخل المنطقة من بوابة الزوار في الجهة الشرقية؛ الكاونتر في الطابق الأرضي.",
    ),  # noqa: E501
}
