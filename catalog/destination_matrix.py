"""The destination matrix (trade-rules.md, part C) as data: cells, reasons and documents.

Each cell is ``(status, reason code, documents)``. ``EU`` stands for every member state and
``*`` for any country without a cell of its own. Reasons and document names are written in
all six locales here, and stored as translation rows when the rules are seeded.
"""

from __future__ import annotations

EU_MEMBERS = (
    "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE",
    "IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE",
)

# Countries a buyer can choose as destination.
DESTINATION_COUNTRIES = (
    "HK", "MO", "SG", "MY", "TH", "ID", "PH", "VN", "JP", "KR", "AU", "NZ", "US", "CA", "GB",
    *EU_MEMBERS, "AE", "SA", "QA", "KE", "NG", "ZA", "EG",
)

A, C, B = "allowed", "conditional", "blocked"

PHYTO = "phytosanitary_certificate"
HEALTH = "health_certificate"
PERMIT = "import_permit"
HALAL = "halal_certificate"
ORCHARD = "registered_orchard"
PVOC = "pvoc_certificate"
FOOD_REG = "food_registration"
HERBAL = "herbal_medicine_licence"

Cell = tuple[str, str, tuple[str, ...]]

_FRESH_FRUIT: dict[str, Cell] = {
    "HK": (A, "no_documents", ()),
    "MO": (C, "phyto_required", (PHYTO,)),
    "SG": (C, "sg_regulated_source", (PHYTO, PERMIT)),
    "MY": (C, "phyto_required", (PHYTO, PERMIT)),
    "US": (C, "us_citrus_systems", (PHYTO, ORCHARD)),
    "GB": (C, "phyto_required", (PHYTO,)),
    "EU": (C, "phyto_required", (PHYTO,)),
    "AU": (B, "au_fresh_fruit", ()),
    "JP": (B, "fruit_fly_host", ()),
    "KR": (B, "fruit_fly_host", ()),
    "KE": (C, "ke_kephis", (PERMIT, PHYTO)),
    "NG": (C, "ng_naqs", (PERMIT, PHYTO)),
    "*": (C, "phyto_required", (PHYTO,)),
}

MATRIX: dict[str, dict[str, Cell]] = {
    "fresh_citrus": _FRESH_FRUIT,
    "fresh_fruit": {**_FRESH_FRUIT, "US": (C, "phyto_required", (PHYTO, PERMIT))},
    "fresh_vegetable": {**_FRESH_FRUIT, "US": (C, "phyto_required", (PHYTO, PERMIT))},
    "tea": {
        "AU": (C, "au_dried_plant", ()),
        "KE": (C, "ke_pvoc", (PVOC,)),
        "NG": (C, "ng_nafdac", (FOOD_REG,)),
        "*": (A, "no_documents", ()),
    },
    "cooked_poultry": {
        "HK": (C, "hk_meat", (HEALTH,)),
        "MO": (C, "mo_meat", (PERMIT, HEALTH)),
        "SG": (C, "sg_meat", (HEALTH, PERMIT)),
        "MY": (C, "my_meat", (HALAL, HEALTH, PERMIT)),
        "US": (B, "us_poultry", ()),
        "GB": (B, "gb_meat_ban", ()),
        "EU": (B, "eu_meat_ban", ()),
        "AU": (B, "au_poultry", ()),
        "JP": (C, "jp_poultry", (HEALTH,)),
        "KR": (C, "kr_poultry", (HEALTH,)),
        "KE": (B, "ke_poultry", ()),
        "NG": (B, "ng_poultry_ban", ()),
        "*": (C, "meat_default", (HEALTH, PERMIT)),
    },
    "fish_product": {
        "GB": (A, "personal_20kg", ()),
        "EU": (A, "personal_20kg", ()),
        "*": (C, "fish_health", (HEALTH,)),
    },
    "dried_chili": {
        "AU": (C, "au_spices", ()),
        "KE": (C, "ke_pvoc", (PVOC,)),
        "NG": (C, "ng_nafdac", (FOOD_REG,)),
        "*": (A, "no_documents", ()),
    },
    "chili_sauce": {
        "KE": (C, "ke_pvoc", (PVOC,)),
        "NG": (C, "ng_nafdac", (FOOD_REG,)),
        "*": (A, "no_documents", ()),
    },
    "dried_mushroom": {
        "AU": (C, "au_dried_plant", ()),
        "KE": (C, "ke_pvoc", (PVOC,)),
        "NG": (C, "ng_nafdac", (FOOD_REG,)),
        "*": (A, "no_documents", ()),
    },
    "processed_soy": {
        "KE": (C, "ke_pvoc", (PVOC,)),
        "NG": (C, "ng_nafdac", (FOOD_REG,)),
        "*": (A, "no_documents", ()),
    },
    "noodles": {
        "KE": (C, "ke_pvoc", (PVOC,)),
        "NG": (C, "ng_nafdac", (FOOD_REG,)),
        "*": (A, "no_documents", ()),
    },
    "herbal_medicine": {
        "HK": (C, "herbal_medicine", (HERBAL,)),
        "*": (C, "herbal_medicine", (HERBAL,)),
    },
    "general_merchandise": {"*": (A, "no_documents", ())},
}

REASONS: dict[str, dict[str, str]] = {
    "no_documents": {
        "en": "Can be sent: no special import documents are needed for this product.",
        "zh-hans": "可以寄送：此商品进口无需特别文件。",
        "zh-hant": "可以寄送：此商品進口無需特別文件。",
        "fr": "Expédition possible : aucun document d'importation particulier n'est requis pour ce produit.",
        "ms": "Boleh dihantar: tiada dokumen import khas diperlukan untuk produk ini.",
        "ar": "يمكن الشحن: لا يحتاج هذا المنتج إلى وثائق استيراد خاصة.",
    },
    "phyto_required": {
        "en": "Fresh produce needs a phytosanitary certificate from China Customs, and the orchard and packing house must be registered.",
        "zh-hans": "新鲜农产品需持有中国海关签发的植物检疫证书，果园和包装厂须经注册。",
        "zh-hant": "新鮮農產品需持有中國海關簽發的植物檢疫證書，果園和包裝廠須經註冊。",
        "fr": "Les produits frais exigent un certificat phytosanitaire des douanes chinoises ; le verger et la station d'emballage doivent être enregistrés.",
        "ms": "Hasil segar memerlukan sijil fitosanitari daripada Kastam China, dan kebun serta rumah pembungkusan mesti berdaftar.",
        "ar": "تحتاج المنتجات الطازجة إلى شهادة صحة نباتية من الجمارك الصينية، ويجب أن يكون البستان ومحطة التعبئة مسجلين.",
    },
    "sg_regulated_source": {
        "en": "Singapore admits fresh fruit only from regulated sources, with a phytosanitary certificate and an import permit.",
        "zh-hans": "新加坡只接受来自受监管来源的新鲜水果，须附植物检疫证书和进口准证。",
        "zh-hant": "新加坡只接受來自受監管來源的新鮮水果，須附植物檢疫證書和進口准證。",
        "fr": "Singapour n'admet les fruits frais que de sources contrôlées, avec un certificat phytosanitaire et un permis d'importation.",
        "ms": "Singapura hanya menerima buah segar daripada sumber terkawal, dengan sijil fitosanitari dan permit import.",
        "ar": "لا تقبل سنغافورة الفاكهة الطازجة إلا من مصادر خاضعة للرقابة، مع شهادة صحة نباتية وتصريح استيراد.",
    },
    "us_citrus_systems": {
        "en": "The USA admits only some Chinese citrus (such as sweet orange and ponkan) from registered groves and packing houses under a systems approach.",
        "zh-hans": "美国仅接受部分中国柑橘（如甜橙、椪柑），且须来自注册果园和包装厂并符合系统管理要求。",
        "zh-hant": "美國僅接受部分中國柑橘（如甜橙、椪柑），且須來自註冊果園和包裝廠並符合系統管理要求。",
        "fr": "Les États-Unis n'admettent que certains agrumes chinois (orange douce, ponkan) issus de vergers et stations enregistrés, selon une approche systémique.",
        "ms": "Amerika Syarikat hanya menerima sebahagian sitrus China (seperti oren manis dan ponkan) dari kebun dan rumah pembungkusan berdaftar di bawah pendekatan sistem.",
        "ar": "لا تقبل الولايات المتحدة إلا بعض الحمضيات الصينية (مثل البرتقال الحلو والبونكان) من بساتين ومحطات تعبئة مسجلة وفق نهج النظم.",
    },
    "au_fresh_fruit": {
        "en": "Australia does not admit fresh citrus, fruit or vegetables from China sent to private buyers.",
        "zh-hans": "澳大利亚不接受从中国寄给个人买家的新鲜柑橘、水果或蔬菜。",
        "zh-hant": "澳洲不接受從中國寄給個人買家的新鮮柑橘、水果或蔬菜。",
        "fr": "L'Australie n'admet pas les agrumes, fruits ou légumes frais de Chine envoyés à des particuliers.",
        "ms": "Australia tidak menerima sitrus, buah-buahan atau sayur-sayuran segar dari China yang dihantar kepada pembeli persendirian.",
        "ar": "لا تقبل أستراليا الحمضيات أو الفواكه أو الخضروات الطازجة المرسلة من الصين إلى المشترين الأفراد.",
    },
    "fruit_fly_host": {
        "en": "Fresh fruit from China that can host fruit flies is not admitted.",
        "zh-hans": "来自中国、可能携带果蝇的新鲜水果不准入境。",
        "zh-hant": "來自中國、可能攜帶果蠅的新鮮水果不准入境。",
        "fr": "Les fruits frais de Chine susceptibles d'héberger des mouches des fruits ne sont pas admis.",
        "ms": "Buah segar dari China yang boleh menjadi perumah lalat buah tidak dibenarkan masuk.",
        "ar": "لا يُسمح بدخول الفاكهة الطازجة من الصين التي قد تحمل ذبابة الفاكهة.",
    },
    "ke_kephis": {
        "en": "Kenya requires a KEPHIS import permit and a phytosanitary certificate.",
        "zh-hans": "肯尼亚要求提供肯尼亚植物卫生检验局（KEPHIS）进口许可和植物检疫证书。",
        "zh-hant": "肯亞要求提供肯亞植物衛生檢驗局（KEPHIS）進口許可和植物檢疫證書。",
        "fr": "Le Kenya exige un permis d'importation du KEPHIS et un certificat phytosanitaire.",
        "ms": "Kenya memerlukan permit import KEPHIS dan sijil fitosanitari.",
        "ar": "تشترط كينيا تصريح استيراد من هيئة KEPHIS وشهادة صحة نباتية.",
    },
    "ng_naqs": {
        "en": "Nigeria requires clearance by the Nigeria Agricultural Quarantine Service (NAQS).",
        "zh-hans": "尼日利亚要求经尼日利亚农业检疫局（NAQS）检疫放行。",
        "zh-hant": "奈及利亞要求經奈及利亞農業檢疫局（NAQS）檢疫放行。",
        "fr": "Le Nigeria exige un dédouanement par le service de quarantaine agricole (NAQS).",
        "ms": "Nigeria memerlukan kelulusan Perkhidmatan Kuarantin Pertanian Nigeria (NAQS).",
        "ar": "تشترط نيجيريا موافقة دائرة الحجر الزراعي النيجيرية (NAQS).",
    },
    "au_dried_plant": {
        "en": "Australia admits dried plant products without a permit if they are clean, dry and clearly labelled; parcels may be inspected.",
        "zh-hans": "澳大利亚允许干净、干燥且标签清晰的干制植物产品免许可入境，包裹可能被查验。",
        "zh-hant": "澳洲允許乾淨、乾燥且標籤清晰的乾製植物產品免許可入境，包裹可能被查驗。",
        "fr": "L'Australie admet sans permis les produits végétaux secs propres, secs et bien étiquetés ; les colis peuvent être inspectés.",
        "ms": "Australia menerima produk tumbuhan kering tanpa permit jika bersih, kering dan berlabel jelas; bungkusan mungkin diperiksa.",
        "ar": "تقبل أستراليا المنتجات النباتية المجففة دون تصريح إذا كانت نظيفة وجافة وموسومة بوضوح؛ وقد تُفتش الطرود.",
    },
    "ke_pvoc": {
        "en": "Kenya requires a KEBS Pre-export Verification of Conformity (PVoC) certificate for food.",
        "zh-hans": "肯尼亚要求食品持有肯尼亚标准局（KEBS）装运前符合性验证（PVoC）证书。",
        "zh-hant": "肯亞要求食品持有肯亞標準局（KEBS）裝運前符合性驗證（PVoC）證書。",
        "fr": "Le Kenya exige pour les aliments un certificat de vérification de conformité avant exportation (PVoC) du KEBS.",
        "ms": "Kenya memerlukan sijil Pengesahan Pematuhan Pra-eksport (PVoC) KEBS untuk makanan.",
        "ar": "تشترط كينيا لشحنات الأغذية شهادة التحقق من المطابقة قبل التصدير (PVoC) الصادرة عن KEBS.",
    },
    "ng_nafdac": {
        "en": "Nigeria requires food products to be registered with NAFDAC.",
        "zh-hans": "尼日利亚要求食品在尼日利亚国家食品药品管理局（NAFDAC）注册。",
        "zh-hant": "奈及利亞要求食品在奈及利亞國家食品藥品管理局（NAFDAC）註冊。",
        "fr": "Le Nigeria exige l'enregistrement des produits alimentaires auprès de la NAFDAC.",
        "ms": "Nigeria memerlukan produk makanan didaftarkan dengan NAFDAC.",
        "ar": "تشترط نيجيريا تسجيل المنتجات الغذائية لدى الوكالة الوطنية للغذاء والدواء (NAFDAC).",
    },
    "hk_meat": {
        "en": "Hong Kong requires a recognised health certificate or FEHD permission for meat and poultry.",
        "zh-hans": "香港要求肉类和禽肉附有认可的卫生证明书或食物环境卫生署的许可。",
        "zh-hant": "香港要求肉類和禽肉附有認可的衞生證明書或食物環境衞生署的許可。",
        "fr": "Hong Kong exige pour la viande et la volaille un certificat sanitaire reconnu ou une autorisation du FEHD.",
        "ms": "Hong Kong memerlukan sijil kesihatan yang diiktiraf atau kebenaran FEHD untuk daging dan ayam itik.",
        "ar": "تشترط هونغ كونغ شهادة صحية معترفًا بها أو إذنًا من إدارة الأغذية والصحة البيئية للحوم والدواجن.",
    },
    "mo_meat": {
        "en": "Macau requires an import licence and a health certificate for meat products.",
        "zh-hans": "澳门要求肉类产品持有进口准照和卫生证明书。",
        "zh-hant": "澳門要求肉類產品持有進口准照和衞生證明書。",
        "fr": "Macao exige une licence d'importation et un certificat sanitaire pour les produits carnés.",
        "ms": "Macau memerlukan lesen import dan sijil kesihatan untuk produk daging.",
        "ar": "تشترط ماكاو ترخيص استيراد وشهادة صحية لمنتجات اللحوم.",
    },
    "sg_meat": {
        "en": "Singapore admits meat products only from SFA-accredited countries and plants, with a health certificate and an import permit.",
        "zh-hans": "新加坡只接受来自新加坡食品局认可国家和工厂的肉类产品，须附卫生证书和进口准证。",
        "zh-hant": "新加坡只接受來自新加坡食品局認可國家和工廠的肉類產品，須附衞生證書和進口准證。",
        "fr": "Singapour n'admet les produits carnés que de pays et d'usines agréés par la SFA, avec certificat sanitaire et permis d'importation.",
        "ms": "Singapura hanya menerima produk daging dari negara dan kilang yang diiktiraf SFA, dengan sijil kesihatan dan permit import.",
        "ar": "لا تقبل سنغافورة منتجات اللحوم إلا من دول ومصانع معتمدة لدى هيئة الغذاء، مع شهادة صحية وتصريح استيراد.",
    },
    "my_meat": {
        "en": "Malaysia requires a DVS- and JAKIM-approved plant, a recognised halal certificate, a health certificate and a MAQIS permit.",
        "zh-hans": "马来西亚要求工厂经兽医服务局和伊斯兰发展局批准，并提供认可的清真证书、卫生证书和检疫许可。",
        "zh-hant": "馬來西亞要求工廠經獸醫服務局和伊斯蘭發展局批准，並提供認可的清真證書、衞生證書和檢疫許可。",
        "fr": "La Malaisie exige une usine agréée DVS et JAKIM, un certificat halal reconnu, un certificat sanitaire et un permis MAQIS.",
        "ms": "Malaysia memerlukan kilang yang diluluskan DVS dan JAKIM, sijil halal yang diiktiraf, sijil kesihatan dan permit MAQIS.",
        "ar": "تشترط ماليزيا مصنعًا معتمدًا من DVS وJAKIM وشهادة حلال معترفًا بها وشهادة صحية وتصريح MAQIS.",
    },
    "us_poultry": {
        "en": "The USA admits only fully cooked, not shelf-stable poultry from FSIS-certified plants; shelf-stable duck is refused.",
        "zh-hans": "美国只接受经FSIS认证工厂生产的、非常温保存的全熟禽肉；常温保存的鸭产品会被拒绝。",
        "zh-hant": "美國只接受經FSIS認證工廠生產的、非常溫保存的全熟禽肉；常溫保存的鴨產品會被拒絕。",
        "fr": "Les États-Unis n'admettent que la volaille entièrement cuite et non stable à température ambiante d'usines certifiées FSIS ; le canard stable est refusé.",
        "ms": "Amerika Syarikat hanya menerima ayam itik yang dimasak sepenuhnya dan tidak tahan simpan dari kilang bertauliah FSIS; itik tahan simpan ditolak.",
        "ar": "لا تقبل الولايات المتحدة إلا الدواجن المطهوة بالكامل وغير الثابتة على الرف من مصانع معتمدة من FSIS؛ ويُرفض البط الثابت على الرف.",
    },
    "gb_meat_ban": {
        "en": "The UK does not allow meat products from outside the EU to be posted or bought online for personal use.",
        "zh-hans": "英国不允许个人通过邮寄或网购从欧盟以外地区进口肉类产品。",
        "zh-hant": "英國不允許個人透過郵寄或網購從歐盟以外地區進口肉類產品。",
        "fr": "Le Royaume-Uni interdit l'envoi postal ou l'achat en ligne, pour usage personnel, de produits carnés provenant de pays hors UE.",
        "ms": "UK tidak membenarkan produk daging dari luar EU dihantar melalui pos atau dibeli dalam talian untuk kegunaan peribadi.",
        "ar": "لا تسمح المملكة المتحدة بإرسال منتجات اللحوم من خارج الاتحاد الأوروبي بالبريد أو شرائها عبر الإنترنت للاستخدام الشخصي.",
    },
    "eu_meat_ban": {
        "en": "EU rules (Regulation 2019/2122) bar meat products sent by post or sold at a distance from outside the EU.",
        "zh-hans": "欧盟法规（第2019/2122号条例）禁止从欧盟以外通过邮寄或远程销售进口肉类产品。",
        "zh-hant": "歐盟法規（第2019/2122號條例）禁止從歐盟以外透過郵寄或遠程銷售進口肉類產品。",
        "fr": "Les règles de l'UE (règlement 2019/2122) interdisent les produits carnés envoyés par la poste ou vendus à distance depuis l'extérieur de l'UE.",
        "ms": "Peraturan EU (Peraturan 2019/2122) melarang produk daging yang dihantar melalui pos atau dijual dari jauh dari luar EU.",
        "ar": "تحظر قواعد الاتحاد الأوروبي (اللائحة 2019/2122) منتجات اللحوم المرسلة بالبريد أو المبيعة عن بُعد من خارج الاتحاد.",
    },
    "au_poultry": {
        "en": "Australia does not admit cooked duck or other poultry meat without an import permit and approved heat treatment.",
        "zh-hans": "澳大利亚不接受未持进口许可且未经认可热处理的熟鸭肉或其他禽肉。",
        "zh-hant": "澳洲不接受未持進口許可且未經認可熱處理的熟鴨肉或其他禽肉。",
        "fr": "L'Australie n'admet pas le canard cuit ni les autres viandes de volaille sans permis d'importation et traitement thermique agréé.",
        "ms": "Australia tidak menerima itik masak atau daging ayam itik lain tanpa permit import dan rawatan haba yang diluluskan.",
        "ar": "لا تقبل أستراليا البط المطبوخ أو لحوم الدواجن الأخرى دون تصريح استيراد ومعالجة حرارية معتمدة.",
    },
    "jp_poultry": {
        "en": "Japan admits heat-processed poultry only from designated Chinese plants, with a health certificate.",
        "zh-hans": "日本只接受指定中国工厂生产的热加工禽肉，须附卫生证书。",
        "zh-hant": "日本只接受指定中國工廠生產的熱加工禽肉，須附衞生證書。",
        "fr": "Le Japon n'admet la volaille traitée thermiquement que d'usines chinoises désignées, avec certificat sanitaire.",
        "ms": "Jepun hanya menerima ayam itik yang diproses haba dari kilang China yang ditetapkan, dengan sijil kesihatan.",
        "ar": "لا تقبل اليابان الدواجن المعالجة حراريًا إلا من مصانع صينية معينة، مع شهادة صحية.",
    },
    "kr_poultry": {
        "en": "South Korea admits heat-processed poultry only from approved plants, with a health certificate.",
        "zh-hans": "韩国只接受经批准工厂生产的热加工禽肉，须附卫生证书。",
        "zh-hant": "韓國只接受經批准工廠生產的熱加工禽肉，須附衞生證書。",
        "fr": "La Corée du Sud n'admet la volaille traitée thermiquement que d'usines agréées, avec certificat sanitaire.",
        "ms": "Korea Selatan hanya menerima ayam itik yang diproses haba dari kilang yang diluluskan, dengan sijil kesihatan.",
        "ar": "لا تقبل كوريا الجنوبية الدواجن المعالجة حراريًا إلا من مصانع معتمدة، مع شهادة صحية.",
    },
    "ke_poultry": {
        "en": "Kenya restricts imports of poultry meat to protect its own producers.",
        "zh-hans": "肯尼亚为保护本国生产者限制禽肉进口。",
        "zh-hant": "肯亞為保護本國生產者限制禽肉進口。",
        "fr": "Le Kenya restreint les importations de viande de volaille pour protéger ses producteurs.",
        "ms": "Kenya menyekat import daging ayam itik untuk melindungi pengeluar tempatan.",
        "ar": "تقيّد كينيا استيراد لحوم الدواجن لحماية منتجيها المحليين.",
    },
    "ng_poultry_ban": {
        "en": "Nigeria bans imports of poultry meat.",
        "zh-hans": "尼日利亚禁止进口禽肉。",
        "zh-hant": "奈及利亞禁止進口禽肉。",
        "fr": "Le Nigeria interdit les importations de viande de volaille.",
        "ms": "Nigeria melarang import daging ayam itik.",
        "ar": "تحظر نيجيريا استيراد لحوم الدواجن.",
    },
    "meat_default": {
        "en": "Meat products usually need a health certificate and an import permit at destination.",
        "zh-hans": "肉类产品在目的地通常需要卫生证书和进口许可。",
        "zh-hant": "肉類產品在目的地通常需要衞生證書和進口許可。",
        "fr": "Les produits carnés exigent généralement un certificat sanitaire et un permis d'importation à destination.",
        "ms": "Produk daging biasanya memerlukan sijil kesihatan dan permit import di destinasi.",
        "ar": "تحتاج منتجات اللحوم عادةً إلى شهادة صحية وتصريح استيراد في بلد الوصول.",
    },
    "personal_20kg": {
        "en": "Allowed for personal use up to 20 kg per parcel.",
        "zh-hans": "个人自用每件包裹不超过20公斤可以寄送。",
        "zh-hant": "個人自用每件包裹不超過20公斤可以寄送。",
        "fr": "Autorisé pour usage personnel jusqu'à 20 kg par colis.",
        "ms": "Dibenarkan untuk kegunaan peribadi sehingga 20 kg setiap bungkusan.",
        "ar": "مسموح للاستخدام الشخصي حتى 20 كغ لكل طرد.",
    },
    "fish_health": {
        "en": "Fish products need a health certificate issued by China Customs.",
        "zh-hans": "鱼类产品需持有中国海关签发的卫生证书。",
        "zh-hant": "魚類產品需持有中國海關簽發的衞生證書。",
        "fr": "Les produits de la pêche exigent un certificat sanitaire délivré par les douanes chinoises.",
        "ms": "Produk ikan memerlukan sijil kesihatan yang dikeluarkan oleh Kastam China.",
        "ar": "تحتاج منتجات الأسماك إلى شهادة صحية صادرة عن الجمارك الصينية.",
    },
    "au_spices": {
        "en": "Australia inspects dried chili and spices; seeds must not be able to grow.",
        "zh-hans": "澳大利亚会查验干辣椒和香料，其中的种子必须不具发芽能力。",
        "zh-hant": "澳洲會查驗乾辣椒和香料，其中的種子必須不具發芽能力。",
        "fr": "L'Australie inspecte le piment séché et les épices ; les graines ne doivent pas pouvoir germer.",
        "ms": "Australia memeriksa cili kering dan rempah; biji mesti tidak boleh bercambah.",
        "ar": "تفتش أستراليا الفلفل الحار المجفف والتوابل؛ ويجب ألا تكون البذور قابلة للإنبات.",
    },
    "herbal_medicine": {
        "en": "Often regulated abroad as a herbal medicine: a licence or product registration may be needed at destination.",
        "zh-hans": "在国外常按草药管理：目的地可能需要许可证或产品注册。",
        "zh-hant": "在國外常按草藥管理：目的地可能需要許可證或產品註冊。",
        "fr": "Souvent réglementé à l'étranger comme médicament à base de plantes : une licence ou un enregistrement peut être exigé.",
        "ms": "Sering dikawal di luar negara sebagai ubat herba: lesen atau pendaftaran produk mungkin diperlukan di destinasi.",
        "ar": "غالبًا ما يُنظَّم في الخارج كدواء عشبي: قد يلزم ترخيص أو تسجيل للمنتج في بلد الوصول.",
    },
}

DOCUMENTS: dict[str, dict[str, str]] = {
    PHYTO: {
        "en": "Phytosanitary certificate", "zh-hans": "植物检疫证书", "zh-hant": "植物檢疫證書",
        "fr": "Certificat phytosanitaire", "ms": "Sijil fitosanitari", "ar": "شهادة الصحة النباتية",
    },
    HEALTH: {
        "en": "Health certificate", "zh-hans": "卫生证书", "zh-hant": "衞生證書",
        "fr": "Certificat sanitaire", "ms": "Sijil kesihatan", "ar": "شهادة صحية",
    },
    PERMIT: {
        "en": "Import permit", "zh-hans": "进口许可", "zh-hant": "進口許可",
        "fr": "Permis d'importation", "ms": "Permit import", "ar": "تصريح استيراد",
    },
    HALAL: {
        "en": "Halal certificate", "zh-hans": "清真证书", "zh-hant": "清真證書",
        "fr": "Certificat halal", "ms": "Sijil halal", "ar": "شهادة حلال",
    },
    ORCHARD: {
        "en": "Registered orchard and packing house", "zh-hans": "注册果园和包装厂",
        "zh-hant": "註冊果園和包裝廠", "fr": "Verger et station d'emballage enregistrés",
        "ms": "Kebun dan rumah pembungkusan berdaftar", "ar": "بستان ومحطة تعبئة مسجلان",
    },
    PVOC: {
        "en": "PVoC certificate of conformity", "zh-hans": "PVoC符合性证书",
        "zh-hant": "PVoC符合性證書", "fr": "Certificat de conformité PVoC",
        "ms": "Sijil pematuhan PVoC", "ar": "شهادة المطابقة PVoC",
    },
    FOOD_REG: {
        "en": "Food product registration", "zh-hans": "食品注册", "zh-hant": "食品註冊",
        "fr": "Enregistrement du produit alimentaire", "ms": "Pendaftaran produk makanan",
        "ar": "تسجيل المنتج الغذائي",
    },
    HERBAL: {
        "en": "Herbal medicine licence or registration", "zh-hans": "草药许可或注册",
        "zh-hant": "草藥許可或註冊", "fr": "Licence ou enregistrement de médicament à base de plantes",
        "ms": "Lesen atau pendaftaran ubat herba", "ar": "ترخيص أو تسجيل دواء عشبي",
    },
}
