"""Product content (issue #24): thirteen more real organisations, and sourced facts for five
entries that had none. Every entry is checked against at least two public sources read on
3 December 2026; every fact names its source. Nothing a source does not say is filled in:
an unknown year, legal form or figure stays empty and the site shows "Not known".
"""

import datetime
from decimal import Decimal

from django.db import migrations
from django.utils import timezone

READ_ON = datetime.date(2026, 12, 3)

SOURCES = {
    # Existing entries
    "EOA_CHCP": (
        "Employee Ownership Association: Case study: City Healthcare Partnership (CHCP)",
        "https://employeeownership.co.uk/Site/content/All-About-EO/Case-Studies/city-healthcarepartnership.aspx",
    ),
    "COOPNEWS_CHCP": (
        "Co-operative News: Providing key healthcare services: employee-owned City Health Care Partnership",
        "https://www.thenews.coop/119910/sector/community/providing-key-healthcare-services-employee-owned-city-health-care-partnership/",
    ),
    "HEJ_CHCP": (
        "Health Estate Journal: Pathfinder social enterprise transaction shifts focus",
        "https://healthestatejournal.com/story/6908/pathfinder-social-enterprise-transaction-shifts-focus",
    ),
    "EOA_CHCP_STORY": (
        "Employee Ownership Association: City Healthcare Partnership: Our EO Story",
        "https://employeeownership.co.uk/success-stories/city-healthcare-partnership-our-eo-story/",
    ),
    "WORKERSCOOP_LL": (
        "workers.coop: Case study: Leading Lives",
        "https://www.workers.coop/resource/case-study-leading-lives/",
    ),
    "COOPNEWS_LL": (
        "Co-operative News: Q&A: Lucy Humphrey and Tony Carr, social care worker co-op Leading Lives",
        "https://www.thenews.coop/138650/sector/worker-coops/qa-lucy-humphrey-tony-carr-social-care-worker-co-op-leading-lives/",
    ),
    "EADT_LL": (
        "East Anglian Daily Times: Leading Lives co-operative commended as a model of employee ownership",
        "https://www.eadt.co.uk/news/business/leading-lives-co-operative-commended-as-a-model-of-employee-2171220",
    ),
    "SEUK_LL": (
        "Social Enterprise UK: Social care business celebrates 10 years of success (Leading Lives, 2022)",
        "https://socialenterprise.org.uk/blog/page/40",
    ),
    "CAREAPPTS_SIRONA": (
        "Care Appointments: New body to run Bath community health and social services agreed",
        "https://careappointments.com/care-news/england/84795/new-body-to-run-bath-community-health-and-social-services-agreed",
    ),
    "CQC_SIRONA": (
        "Care Quality Commission: Sirona Care & Health C.I.C., inspection summary (updated 9 February 2022)",
        "https://www.cqc.org.uk/provider/1-290660061/inspection-summary",
    ),
    "BATHECHO_SIRONA": (
        "Bath Echo: Council care services from September after contract handed back",
        "https://www.bathecho.co.uk/news/community/council-care-services-september-contract-handed-back-88247/",
    ),
    "THIRDSECTOR_IH": (
        "Third Sector: Case Study: Inclusion Healthcare",
        "https://www.thirdsector.co.uk/case-study-inclusion-healthcare/finance/article/1110480",
    ),
    "CQC_IH": (
        "Care Quality Commission: Inclusion Healthcare Social Enterprise CIC, inspection summary (updated 5 February 2015)",
        "https://www.cqc.org.uk/location/1-572021031/inspection-summary",
    ),
    "BROMLEY_2018": (
        "London Borough of Bromley, committee minutes: Presentation by Mytime Active",
        "https://cds.bromley.gov.uk/mgAi.aspx?ID=54653",
    ),
    "BROMLEY_2016": (
        "London Borough of Bromley, committee minutes: Mytime Active Annual Report 2015/16",
        "https://cds.bromley.gov.uk/mgAi.aspx?ID=43457",
    ),
    # New entries
    "DEVON_NEWS_LU": (
        "Devon County Council news, 1 April 2016: Devon's libraries become independent staff and community owned "
        "organisation",
        "https://www.devonnewscentre.info/devons-libraries-become-independent-staff-and-community-owned-organisation/",
    ),
    "LGA_LU": (
        "Local Government Association case study: A mutual delivery model of library services at Devon County Council",
        "https://www.local.gov.uk/case-studies/mutual-delivery-model-library-services-devon-county-council",
    ),
    "MV_LU": (
        "Mutual Ventures: Libraries Unlimited, Devon libraries service",
        "https://www.mutualventures.co.uk/libraries-unlimited-devon-libraries-service/",
    ),
    "LGA_SUFFOLK": (
        "Local Government Association case study: Suffolk library service",
        "https://www.local.gov.uk/case-studies/suffolk-library-service",
    ),
    "BBC_SUFFOLK": (
        "BBC News (2012): Suffolk County Council completes handover of libraries",
        "https://feeds.bbci.co.uk/news/uk-england-suffolk-19068241",
    ),
    "IPSWICH_SUFFOLK": (
        "ipswich.co.uk (2025): End of an era as Suffolk Libraries prepares for council return",
        "https://www.ipswich.co.uk/articles/end-of-an-era-as-suffolk-libraries-prepares-for-council-return",
    ),
    "DEVON_FAQ": (
        "Devon County Council: Future libraries, your questions answered",
        "https://new.devon.gov.uk/futurelibraries/faqs",
    ),
    "KYM_LAUNCH": (
        "Knowsley Young Advisors blog, 11 April 2014: Knowsley Youth Mutual",
        "https://knowsleyyoungadvisors.blogspot.com",
    ),
    "KNOWSLEY_2015": (
        "Knowsley Council news, 26 February 2015: Working together for better communities, jobs and growth",
        "http://www.knowsley.gov.uk/news-items/working-together-for-better-communities,-jobs-and",
    ),
    "CYPNOW_KYM": (
        "Children and Young People Now: Second youth service mutual gets go-ahead",
        "https://www.cypnow.co.uk/content/news/second-youth-service-mutual-gets-go-ahead",
    ),
    "CYPNOW_2016": (
        "Children and Young People Now, 21 June 2016: First youth mutuals prosper by extending reach and expertise",
        "https://www.cypnow.co.uk/other/article/first-youth-mutuals-prosper-by-extending-reach-and-expertise",
    ),
    "ALDOUS_ECCH": (
        "Peter Aldous MP, 31 March 2014: visit of the Minister for the Cabinet Office to East Coast Community Healthcare",
        "https://www.peteraldous.com/node/952",
    ),
    "ECCH_AWARD": (
        "East Coast Community Healthcare: ECCH is finalist for national award",
        "https://www.ecch.org/news/posts/ecch-is-finalist-for-national-award/",
    ),
    "BAXENDALE_ECCH": (
        "Baxendale: Public Service Mutual Spotlight #1: East Coast Community Healthcare (ECCH)",
        "https://baxendale.co.uk/public-service-mutual-spotlight-1-east-coast-community-healthcare-ecch/",
    ),
    "CLES_RBH": (
        "Centre for Local Economic Strategies: Rochdale Boroughwide Housing",
        "https://cles.org.uk/community-wealth-building-in-practice/community-wealth-building-places/rochdale-boroughwide-housing/",
    ),
    "GUARDIAN_RBH": (
        "The Guardian, 17 February 2012: Rochdale joins staff and tenants together as biggest mutual in housing",
        "https://www.theguardian.com/housing-network/2012/feb/17/rochdale-staff-tenants-mutual-housing",
    ),
    "RESPUBLICA_RBH": (
        "ResPublica, 26 June 2013: Making it Mutual: A pioneering milestone for Rochdale",
        "https://www.respublica.org.uk/disraeli-room-post/2013/06/26/making-mutual-pioneering-milestone-rochdale/",
    ),
    "BCCM_GLL": (
        "Business Council of Co-operatives and Mutuals: Greenwich Leisure Limited",
        "https://bccm.coop/about-co-ops-mutuals/case-studies/greenwich-leisure-limited/",
    ),
    "WIKI_GLL": (
        "Wikipedia (via Wikiwand): Greenwich Leisure Limited",
        "https://wikiwand.com/en/articles/Greenwich_Leisure_Limited",
    ),
    "DIESIS_GLL": ("Diesis Network: GLL", "http://r2g.diesis.coop/2019/11/10/gll/"),
    "PIONEERSPOST_MYCSP": (
        "Pioneers Post, 30 April 2012: UK Cabinet Office launches 'first central government mutual'",
        "http://www.socialenterpriselive.com/section/news/public-services/20120430/uk-cabinet-office-launches-first-central-government-mutual%E2%80%99",
    ),
    "WIREDGOV_MYCSP": (
        "Wired-Gov, 3 October 2014: Private firm takes controlling stake in first civil service 'mutual'",
        "https://www.wired-gov.net/wg/news.nsf/print/Private+firm+takes+controlling+stake+in+first+civil+service+mutual+03102014141501",
    ),
    "EOA_MYCSP": (
        "Employee Ownership Association: 10 years EO: What MyCSP has learned about employee ownership",
        "https://employeeownership.co.uk/news/10-years-eo-what-mycsp-has-learned-about-employee-ownership-and-what-its-doing-for-our-10th-eo-day/",
    ),
    "CC_AFC_2015": (
        "Community Care, 11 December 2015: Entrepreneurial approach can create true 'champions for children'",
        "https://www.communitycare.co.uk/2015/12/11/entrepreneurial-approach-can-create-true-champions-children/",
    ),
    "CC_AFC_2017": (
        "Community Care, 19 January 2017: The new service models shaking up children's social work",
        "https://www.communitycare.co.uk/2017/01/19/new-service-models-shaking-childrens-social-work/",
    ),
    "SHAREDASSETS_CR": (
        "Shared Assets: Case study: Chiltern Rangers CIC",
        "https://www.sharedassets.org.uk/resources/case-study-chiltern-rangers-cic",
    ),
    "MJ_SPIN": ("The MJ: Spin to win (Craig Dearden-Phillips)", "https://themj.co.uk/spin-win"),
    "TUNSTALL_BI": ("Tunstall: The York model (Be Independent)", "https://uk.tunstall.com/new-york-model/"),
    "GAZETTE_BI": (
        "Gazette & Herald (2018): York council set to step in to save care provider",
        "https://www.gazetteherald.co.uk/news/16299962.york-council-set-step-save-care-provider/",
    ),
    "EDP_IM": (
        "Eastern Daily Press: Controversy over new Norfolk care shake-up idea",
        "https://www.edp24.co.uk/news/local-council/controversy-over-new-norfolk-care-shake-up-idea-539068",
    ),
    "MAXFIELD_IM": (
        "Cllr Ed Maxfield, 22 September 2020: Closure of Independence Matters day services",
        "https://edmaxfield.org.uk/2020/09/22/closure-of-independence-matters-day-services",
    ),
    "CPG_REPORT": (
        "Care Plus Group: Annual Report and Financial Overview 2015-2016",
        "https://vdocument.in/care-plus-group-care-plus-group-charitable-trust-care-plus-group-charitable-trust.html",
    ),
    "CPG_100": (
        "Care Plus Group, 23 July 2014: Proud to be one of the first 100 Public Sector Mutuals",
        "https://www.careplusgroup.org/articles/care-plus-group-proud-to-be-one-of-the-first-100-public-sector-mutuals--2",
    ),
    "CC_CPG": (
        "Community Care, 27 April 2011: Winning over staff is key to social enterprise success",
        "https://www.communitycare.co.uk/2011/04/27/winning-over-staff-is-key-to-social-enterprise-success/",
    ),
    "LOCALA_FUND": (
        "Locala, 30 January 2018: Community Fund open for applications",
        "https://www.locala.org.uk/news-and-events/news-item/article/community-fund-open-for-applications-deadline-5-march-2018/",
    ),
    "EXAMINER_LOCALA": (
        "Huddersfield Examiner: Examiner community awards, Friend of the Year (sponsored by Locala)",
        "https://www.examiner.co.uk/news/west-yorkshire-news/examiner-community-awards-friend-year-7128134",
    ),
}

UPDATES = {
    "city-health-care-partnership": {
        "fields": {
            "trading_status": "trading",
            "trading_status_year": 2020,
            "first_contract_route": "transfer",
            "where_now": "It describes itself as 100% co-owned, providing health and care services in Hull, the East "
            "Riding of Yorkshire, Knowsley and St Helens with 2,500 colleagues.",
            "staff_count": 2500,
            "staff_count_year": 2020,
        },
        "facts": [
            (
                "origin",
                "NHS Hull transferred its entire provider arm to City Health Care Partnership CIC, which had run at "
                "arm's length inside NHS Hull since April 2008.",
                2010,
                "HEJ_CHCP",
            ),
            ("legal_form", "A community interest company limited by shares.", 2010, "HEJ_CHCP"),
            (
                "ownership",
                "Spun out through the Right to Request programme, with around 1,000 employees choosing to buy a £1 "
                "share; permanent staff can buy a £1 share.",
                None,
                "COOPNEWS_CHCP",
            ),
            ("ownership", "All permanent staff have the opportunity to buy a £1 share.", None, "EOA_CHCP"),
            ("staff", "2,500 colleagues; 100% employee owned since it was formed ten years before.", 2020, "EOA_CHCP_STORY"),
        ],
    },
    "leading-lives": {
        "fields": {
            "trading_status": "trading",
            "trading_status_year": 2022,
            "first_contract_route": "transfer",
            "annual_turnover": Decimal("10700000.00"),
            "annual_turnover_year": 2022,
            "staff_count_year": 2012,
            "lessons": "Staff ownership is earned, not assumed: members choose to buy a £1 share after a two-stage "
            "training programme on their responsibilities, and its board is made up entirely of elected employees. "
            "It credits this with cutting sickness absence by 58%.",
            "where_now": "In July 2022 it marked ten years as an employee-owned social enterprise, with a turnover of "
            "£10.7m and care for more than a thousand people.",
        },
        "facts": [
            (
                "origin",
                "Registered as a new company in November 2011 and started trading in July 2012, spun out of Suffolk "
                "County Council.",
                2012,
                "COOPNEWS_LL",
            ),
            ("legal_form", "Legal form: co-operative society.", None, "WORKERSCOOP_LL"),
            ("staff", "Started with a team of over 300 staff.", 2012, "WORKERSCOOP_LL"),
            (
                "ownership",
                "100% owned by its employees; staff buy a £1 share after training; sickness absence fell by 58%.",
                None,
                "EADT_LL",
            ),
            ("turnover", "Annual turnover increased to £10.7m.", 2022, "SEUK_LL"),
        ],
    },
    "sirona-care-and-health": {
        "fields": {
            "trading_status": "trading",
            "trading_status_year": 2022,
            "first_contract_route": "transfer",
            "staff_count_year": 2011,
            "lessons": "Not every transferred service pays its way: Sirona gave Bath and North East Somerset Council "
            "12 months' notice to end its contract for three community resource centres and five extra care "
            "services because providing them was financially unsustainable, and the council took them back in-house.",
            "where_now": "Since April 2020 it has been the sole provider of NHS and council-funded adult and children's "
            "community health services across Bristol, North Somerset and South Gloucestershire.",
        },
        "facts": [
            (
                "legal_form",
                "The social enterprise would be a community interest company limited by guarantee, employing around "
                "1,700 staff and running £50 million of services.",
                2011,
                "CAREAPPTS_SIRONA",
            ),
            (
                "origin",
                "Established in October 2011; it has no shareholders and pays no dividends.",
                2011,
                "CQC_SIRONA",
            ),
            (
                "contract",
                "In April 2020 it took over services previously provided by Bristol Community Health and North "
                "Somerset Community Partnership.",
                2020,
                "CQC_SIRONA",
            ),
            (
                "contract",
                "Gave the council 12 months' notice to end its contract for three community resource centres and "
                "five extra care facilities, as providing them was financially unsustainable.",
                None,
                "BATHECHO_SIRONA",
            ),
        ],
    },
    "inclusion-healthcare": {
        "fields": {
            "lessons": "Do the day job and build the business at the same time: the two directors did both, with no "
            "business support in the early stages and a primary care trust that could not say what a business plan "
            "should look like. The whole team of 12 backed the move at an away day.",
            "trading_status": "trading",
            "trading_status_year": 2015,
            "first_contract_route": "transfer",
        },
        "facts": [
            (
                "origin",
                "Transforming the NHS's Leicester Homeless Healthcare into the social enterprise Inclusion Healthcare "
                "began in 2009 and took almost two years, under the NHS Right to Request.",
                None,
                "THIRDSECTOR_IH",
            ),
            ("staff", "A team of 12; staff gave 100% support.", None, "THIRDSECTOR_IH"),
            ("outcome", "Rated Outstanding after a comprehensive inspection on 6 November 2014.", 2014, "CQC_IH"),
        ],
    },
    "mytime-active": {
        "fields": {
            "staff_count_year": 2018,
            "annual_turnover_year": 2016,
            "trading_status": "trading",
            "trading_status_year": 2018,
        },
        "facts": [
            (
                "origin",
                "Founded in Bromley in 2004 as a not-for-profit organisation and a registered charity.",
                None,
                "BROMLEY_2018",
            ),
            ("staff", "850 staff.", 2018, "BROMLEY_2018"),
            ("turnover", "Revenues of £32.6m in 2015/16.", 2016, "BROMLEY_2016"),
        ],
    },
}

NEW = [
    {
        "name": "Libraries Unlimited",
        "slug": "libraries-unlimited",
        "summary": "Devon's public libraries, run since April 2016 by an independent staff and community owned "
        "public service mutual with charitable status.",
        "body": "Devon County Council set up Libraries Unlimited after public consultation on the future of the "
        "library service, which had to save a further £1.5 million. It began running Devon's libraries on 1 April "
        "2016 on the council's behalf; the council remains responsible for the service and commissions it.\n\n"
        "It is owned by its staff and community, and led by a board of trustees drawn from library staff, library "
        "friends groups and independent members of the community.",
        "service_area": "libraries",
        "region": "south_west",
        "parent_body": "Devon County Council",
        "ownership_model": "MULTI_STAKEHOLDER",
        "year_spun_out": 2016,
        "outcomes": "It runs Devon's 50 community libraries and four mobile libraries. It later won the contract to "
        "run library services in Torbay.",
        "lessons": "Its advisers list what helped: an ambitious vision, strong political support, council money for "
        "independent business planning, financial and legal advice, and a board chair with the time and skills to "
        "join the negotiating team.",
        "first_contract_route": "transfer",
        "trading_status": "",
        "facts": [
            ("origin", "Began running Devon's library service on 1 April 2016.", 2016, "DEVON_NEWS_LU"),
            (
                "ownership",
                "A staff and community-owned social enterprise, led by a board of trustees from library staff, "
                "friends groups and the community.",
                2016,
                "DEVON_NEWS_LU",
            ),
            (
                "contract",
                "A five-year contract with the council with the potential to continue for a further five years; it "
                "runs 50 community libraries and four mobile libraries.",
                None,
                "LGA_LU",
            ),
            ("contract", "Later secured the contract to deliver library services in Torbay.", None, "MV_LU"),
        ],
    },
    {
        "name": "Suffolk Libraries",
        "slug": "suffolk-libraries",
        "summary": "Suffolk's libraries, run from August 2012 by an independent industrial and provident society "
        "until the county council took the service back.",
        "body": "After public consultation in 2011, Suffolk County Council decided to spin its library service out to "
        "an industrial and provident society, Suffolk's Libraries IPS, while keeping the buildings, IT and mobile "
        "library vehicles and its statutory duty. All library staff transferred to the new organisation, which "
        "took over on 1 August 2012.",
        "service_area": "libraries",
        "region": "east",
        "parent_body": "Suffolk County Council",
        "year_spun_out": 2012,
        "outcomes": "It kept all of Suffolk's 44 libraries open and opened a 45th in 2022.",
        "lessons": "A council can keep a spin-out reversible by keeping the buildings, IT and vehicles, as Suffolk "
        "did, and it can then take the service back: Suffolk did so when the contract ended.",
        "first_contract_route": "transfer",
        "where_now": "Suffolk County Council ended the arrangement to take the library service back in-house, and "
        "the charity prepared to hand it back. We have not confirmed what became of the charity afterwards.",
        "facts": [
            (
                "origin",
                "Formed in 2012 as an industrial and provident society; the council kept ownership of buildings, IT "
                "and mobile library vehicles so that the change could be reversed.",
                2012,
                "LGA_SUFFOLK",
            ),
            (
                "origin",
                "All library staff transferred from the county council to Suffolk's Libraries IPS, which took over "
                "the county's 44 libraries.",
                2012,
                "BBC_SUFFOLK",
            ),
            (
                "ownership",
                "Devon County Council described Suffolk's library service as run by an independent public sector "
                "mutual.",
                None,
                "DEVON_FAQ",
            ),
            (
                "status",
                "Launched on 1 August 2012; it prepared to return the service to the council, having opened a 45th "
                "library in 2022.",
                None,
                "IPSWICH_SUFFOLK",
            ),
        ],
    },
    {
        "name": "Knowsley Youth Mutual",
        "slug": "knowsley-youth-mutual",
        "summary": "Youth services in Knowsley, Merseyside, run since April 2014 by a community benefit society "
        "owned by its employees and young people.",
        "body": "Knowsley Council spun its youth services out in 2014, one of the first two councils in England to "
        "create an employee-led youth mutual. Knowsley Youth Mutual is a community benefit society owned by its "
        "employees and by young people, and it runs open-access youth provision, award programmes, outdoor "
        "education and specialist support.\n\nIt was set up to protect the borough's youth offer and youth service "
        "jobs from cuts to council funding, with support from the Cabinet Office's Mutuals Support Programme.",
        "service_area": "youth",
        "region": "north_west",
        "parent_body": "Knowsley Metropolitan Borough Council",
        "legal_form": "CBS",
        "ownership_model": "MULTI_STAKEHOLDER",
        "year_spun_out": 2014,
        "outcomes": "Its advisers report about £400,000 of savings and an income surplus in its first year.",
        "lessons": "",
        "first_contract_route": "transfer",
        "trading_status": "trading",
        "trading_status_year": 2016,
        "facts": [
            (
                "legal_form",
                "Spun out from council control as an employee and young person owned community benefit society.",
                2014,
                "KYM_LAUNCH",
            ),
            (
                "ownership",
                "An employee and young person owned and driven community benefit society, open almost a year.",
                2015,
                "KNOWSLEY_2015",
            ),
            ("origin", "Supported by the Cabinet Office's Mutuals Support Programme.", None, "CYPNOW_KYM"),
            (
                "outcome",
                "About £400,000 of savings and an income surplus in its first year (its advisers' figures); still "
                "standing in 2016.",
                2016,
                "CYPNOW_2016",
            ),
        ],
    },
    {
        "name": "East Coast Community Healthcare",
        "slug": "east-coast-community-healthcare",
        "summary": "NHS community and public health services in Norfolk and Waveney from a community interest "
        "company in which more than 80% of staff are shareholders.",
        "body": "East Coast Community Healthcare (ECCH), based in Lowestoft, provides NHS community health services "
        "such as district nursing and community hospitals, health visiting and children's services, and health "
        "improvement services.\n\nIt is owned by its staff: more than 80% of employees are shareholders, two staff "
        "directors nominated by colleagues sit on the board, and a shareholder council represents staff. As a "
        "community interest company it pays no dividends.",
        "service_area": "community_health",
        "region": "east",
        "legal_form": "CIC_CLS",
        "ownership_model": "EMPLOYEE_OWNED",
        "staff_count": 900,
        "staff_count_year": 2014,
        "outcomes": "It won a seven-year core contract worth £207m.",
        "lessons": "",
        "trading_status": "trading",
        "trading_status_year": 2014,
        "facts": [
            ("staff", "More than 900 staff; owned by the staff.", 2014, "ALDOUS_ECCH"),
            (
                "legal_form",
                "82% of employees are shareholders; as a community interest company it reinvests its surplus rather "
                "than paying dividends.",
                None,
                "ECCH_AWARD",
            ),
            ("contract", "Beat the competition to deliver a seven-year, £207m core contract.", None, "BAXENDALE_ECCH"),
        ],
    },
    {
        "name": "Rochdale Boroughwide Housing",
        "slug": "rochdale-boroughwide-housing",
        "summary": "Rochdale's former council homes, owned since 2012 by the UK's first housing mutual owned by both "
        "its tenants and its employees.",
        "body": "After a ballot in which 76% of voting tenants backed the move, Rochdale Borough Council transferred "
        "its homes to Rochdale Boroughwide Housing (RBH) in March 2012. RBH became a true mutual on 26 June 2013, "
        "owned by its tenant and employee members on a one member, one vote basis.\n\nIt operates legally as a "
        "community benefit society.",
        "service_area": "housing",
        "region": "north_west",
        "parent_body": "Rochdale Borough Council",
        "legal_form": "CBS",
        "ownership_model": "MULTI_STAKEHOLDER",
        "year_spun_out": 2012,
        "staff_count": 600,
        "outcomes": "More than 15,800 tenants live in over 13,000 of its homes in 52 neighbourhoods.",
        "lessons": "Ownership was built in steps: a tenant ballot (56% turnout, 76% in favour), the stock transfer, "
        "then 15 months of transitional governance before members adopted the mutual rules they had written "
        "together.",
        "first_contract_route": "transfer",
        "trading_status": "trading",
        "facts": [
            (
                "legal_form",
                "Established in 2012 as the first tenant and employee-owned mutual housing society; it operates "
                "legally as a community benefit society. Over 600 employees and more than 13,000 homes.",
                None,
                "CLES_RBH",
            ),
            (
                "origin",
                "Almost 9,000 residents voted (56% turnout), 76% in favour of transferring 13,700 council homes.",
                2012,
                "GUARDIAN_RBH",
            ),
            (
                "ownership",
                "Became a true mutual on 26 June 2013, owned solely by its tenant and employee members.",
                2013,
                "RESPUBLICA_RBH",
            ),
        ],
    },
    {
        "name": "GLL (Greenwich Leisure Limited)",
        "slug": "gll-greenwich-leisure",
        "summary": "A staff-led leisure society set up in 1993 to run Greenwich's leisure centres, now running "
        "leisure centres and libraries for about 50 councils under the Better brand.",
        "body": "GLL was formed in 1993 when the London Borough of Greenwich needed a new way to run its leisure "
        "centres because of public spending cuts. Seven leisure centres transferred to it. It is constituted as a "
        "society for the benefit of the community with a co-operative, staff-led structure and a stakeholder "
        "board; its members, and so its owners, are its workers.",
        "service_area": "leisure",
        "region": "london",
        "parent_body": "London Borough of Greenwich",
        "legal_form": "CBS",
        "ownership_model": "EMPLOYEE_OWNED",
        "year_spun_out": 1993,
        "staff_count": 10800,
        "annual_turnover": Decimal("306000000.00"),
        "annual_turnover_year": 2022,
        "outcomes": "It manages more than 270 public sport and leisure centres and 113 libraries with about 50 "
        "councils, public agencies and sporting organisations.",
        "lessons": "",
        "first_contract_route": "transfer",
        "trading_status": "trading",
        "trading_status_year": 2022,
        "facts": [
            (
                "origin",
                "Formed in 1993 when Greenwich Council needed a new way to run its leisure centres; constituted as a "
                "society for the benefit of the community, staff-led.",
                1993,
                "BCCM_GLL",
            ),
            ("origin", "Seven leisure centres were transferred to GLL.", 1993, "DIESIS_GLL"),
            (
                "ownership",
                "A staff-led leisure trust structured as an industrial and provident society; the members of the "
                "co-operative, and so its owners, are its workers.",
                None,
                "WIKI_GLL",
            ),
            ("turnover", "Revenue £306 million; 10,800 employees.", 2022, "WIKI_GLL"),
        ],
    },
    {
        "name": "MyCSP",
        "slug": "mycsp",
        "summary": "The administrator of the Civil Service pension scheme, launched in 2012 as the first mutual "
        "joint venture spun out of central government, with a 25% stake held for its employees.",
        "body": "MyCSP was launched on 1 May 2012 as a mutual joint venture: its employees held 25% through an "
        "employee trust, a private partner chosen by tender (Equiniti's Paymaster) 40%, and the government 35%. "
        "It is contracted to administer pensions for the Civil Service scheme's 1.5 million members.\n\nThe main "
        "civil service union opposed the move and took industrial action.",
        "service_area": "back_office",
        "region": "north_west",
        "parent_body": "Central government",
        "legal_form": "JV",
        "ownership_model": "MULTI_STAKEHOLDER",
        "year_spun_out": 2012,
        "outcomes": "",
        "lessons": "A minority employee stake can be diluted: two and a half years in, the private partner's stake "
        "rose to 51% although a five-year lock-in had been agreed.",
        "trading_status": "trading",
        "trading_status_year": 2022,
        "where_now": "At ten years old it remained a mutual joint venture, with employee partners owning 25% held in "
        "trust for them, and Equiniti's Paymaster as its private partner.",
        "facts": [
            (
                "ownership",
                "Employees a 25% stake, Equiniti's Paymaster (the winner of the tender) 40%, the government 35%.",
                2012,
                "PIONEERSPOST_MYCSP",
            ),
            ("ownership", "Equiniti's stake rose to 51%; government 24%, employee trust 25%.", 2014, "WIREDGOV_MYCSP"),
            ("origin", "Launched on 1 May 2012, the first mutual created from a central government service.", 2012, "EOA_MYCSP"),
        ],
    },
    {
        "name": "Achieving for Children",
        "slug": "achieving-for-children",
        "summary": "Children's services for Kingston and Richmond, provided since April 2014 by a community interest "
        "company owned by the two councils. It is not a staff mutual.",
        "body": "The Royal Borough of Kingston upon Thames and the London Borough of Richmond upon Thames, with help "
        "from the Cabinet Office's Mutuals Programme, chose to set up a community interest company owned by both "
        "councils and commissioned by them, rather than a traditional shared service.",
        "service_area": "children",
        "region": "london",
        "parent_body": "Royal Borough of Kingston upon Thames and London Borough of Richmond upon Thames",
        "legal_form": "LATC",
        "ownership_model": "COUNCIL_OWNED",
        "year_spun_out": 2014,
        "is_public_service_mutual": False,
        "not_a_mutual_reason": "It is owned by the two councils, not by its staff. It is kept for its lessons on "
        "moving children's services out of a council.",
        "outcomes": "In August 2015 Ofsted rated Kingston's safeguarding services two grades higher in one inspection.",
        "lessons": "",
        "trading_status": "trading",
        "trading_status_year": 2017,
        "facts": [
            (
                "ownership",
                "Established in April 2014 as a community interest company owned by both councils and commissioned "
                "by them, with support from the Cabinet Office's Mutuals Programme.",
                2014,
                "CC_AFC_2015",
            ),
            (
                "origin",
                "Kingston and Richmond joined forces in 2014 to move their children's services into a community "
                "interest company.",
                2014,
                "CC_AFC_2017",
            ),
        ],
    },
    {
        "name": "Chiltern Rangers",
        "slug": "chiltern-rangers",
        "summary": "Urban woodland management in High Wycombe by a community interest company that two staff of "
        "Wycombe District Council's woodland service spun out in 2013.",
        "body": "Chiltern Rangers was set up by two staff of Wycombe District Council's woodland service, the first "
        "spin-out from a council woodland service. It was founded in December 2012 and started trading in "
        "September 2013, managing 14 urban woodlands in High Wycombe under a contract with the council.\n\n"
        "Besides its council contract it works with local businesses, community organisations and schools.",
        "service_area": "environment",
        "region": "south_east",
        "parent_body": "Wycombe District Council",
        "legal_form": "CIC_CLG",
        "year_spun_out": 2013,
        "staff_count": 2,
        "staff_count_year": 2013,
        "outcomes": "",
        "lessons": "",
        "trading_status": "trading",
        "facts": [
            (
                "legal_form",
                "A community interest company limited by guarantee, founded in December 2012 by two staff of the "
                "council's woodland service; it started trading in September 2013 with two staff.",
                2013,
                "SHAREDASSETS_CR",
            ),
            (
                "contract",
                "Manages 14 urban woodlands in High Wycombe under a contract with Wycombe District Council.",
                2013,
                "SHAREDASSETS_CR",
            ),
            (
                "contract",
                "Alongside a small contract from the council it works with local businesses, community organisations "
                "and schools.",
                None,
                "MJ_SPIN",
            ),
        ],
    },
    {
        "name": "Be Independent",
        "slug": "be-independent",
        "summary": "York's telecare, warden call and community equipment service, spun out of the city council in "
        "2014 as a community interest company, which later ran into financial difficulty.",
        "body": "City of York Council's community equipment loan and telecare service became Be Independent, a "
        "social enterprise, in April 2014. A staff director elected by employees sat on its board.\n\nBy 2018 "
        "customer numbers had fallen instead of growing as its business plan expected, it had lost a contract with "
        "the NHS in York, and almost all its business came from the council.",
        "service_area": "adult_social_care",
        "region": "yorkshire",
        "parent_body": "City of York Council",
        "legal_form": "CIC",
        "year_spun_out": 2014,
        "staff_count": 57,
        "outcomes": "",
        "lessons": "A spin-out that depends on one customer is fragile: when paying customers fell and an NHS contract "
        "was lost, Be Independent forecast a £167,000 loss for 2017/18 with £64,000 in the bank.",
        "where_now": "In 2018 York's councillors were asked to bring the service back in-house to avoid leaving 2,500 "
        "people without it. We have not confirmed what was decided.",
        "facts": [
            (
                "origin",
                "Since April 2014 the service has operated as a social enterprise, with a staff director elected by "
                "employees; 57 employees.",
                None,
                "TUNSTALL_BI",
            ),
            (
                "status",
                "The community interest company, set up by the council in 2014, faced a £95,000 a year loss and could "
                "have had to call in administrators; councillors were asked to bring the service back in-house.",
                2018,
                "GAZETTE_BI",
            ),
        ],
    },
    {
        "name": "Independence Matters",
        "slug": "independence-matters",
        "summary": "Day services and other adult social care spun out of Norfolk County Council into a social "
        "enterprise.",
        "body": "Norfolk County Council proposed a social enterprise, which about 500 council staff would transfer to "
        "and have a stake in, to provide day care, respite care and personal assistants: a spend of £12m to £13m. "
        "The union UNISON disputed the claim that staff supported the move.",
        "service_area": "adult_social_care",
        "region": "east",
        "parent_body": "Norfolk County Council",
        "outcomes": "",
        "lessons": "",
        "where_now": "In 2020 Independence Matters closed day services, and the council said it was working with "
        "service users to find new services.",
        "facts": [
            (
                "origin",
                "Proposed as a social enterprise run by about 500 council staff with a spend of £12m to £13m.",
                None,
                "EDP_IM",
            ),
            ("origin", "Described as a £12m social care spin-out from Norfolk County Council.", None, "MJ_SPIN"),
            ("status", "Closed its day services.", 2020, "MAXFIELD_IM"),
        ],
    },
    {
        "name": "Care Plus Group",
        "slug": "care-plus-group",
        "summary": "Community health and adult social care in North East Lincolnshire from an employee-owned "
        "community benefit society that left the NHS in July 2011.",
        "body": "Care Plus Group took over community health and social care services, including district nursing, "
        "intermediate care and supported employment, from North East Lincolnshire Care Trust Plus, which commissions "
        "them. About 800 staff transferred on NHS terms and conditions, and it went live on 1 July 2011.\n\nIt "
        "operates as a social enterprise and an employee-owned community benefit society.",
        "service_area": "community_health",
        "region": "yorkshire",
        "parent_body": "North East Lincolnshire Care Trust Plus",
        "legal_form": "CBS",
        "ownership_model": "EMPLOYEE_OWNED",
        "year_spun_out": 2011,
        "staff_count": 800,
        "staff_count_year": 2011,
        "outcomes": "",
        "lessons": "Winning staff over is the work: many of its staff had already moved from the council to the care "
        "trust in 2007 and did not want another change, its chief executive said.",
        "first_contract_route": "transfer",
        "trading_status": "trading",
        "trading_status_year": 2016,
        "facts": [
            (
                "origin",
                "About 800 staff transferred on NHS terms and conditions; services were previously part of North "
                "East Lincolnshire Care Trust Plus, with go-live planned for 1 July 2011.",
                2011,
                "CC_CPG",
            ),
            (
                "legal_form",
                "In operation as a social enterprise and employee-owned community benefit society since 1 July 2011.",
                2016,
                "CPG_REPORT",
            ),
            (
                "ownership",
                "One of the first 100 public sector staff-owned mutuals in England.",
                2014,
                "CPG_100",
            ),
        ],
    },
    {
        "name": "Locala Community Partnerships",
        "slug": "locala-community-partnerships",
        "summary": "NHS community health services in and around Kirklees from a community interest company whose "
        "members are its employees and the community.",
        "body": "Locala Community Partnerships is a community interest company providing NHS community health care "
        "services, such as district nursing, health visiting and school nursing, in and around Kirklees. It is a "
        "membership organisation with employee and community members, who have a say through its members' council.",
        "service_area": "community_health",
        "region": "yorkshire",
        "legal_form": "CIC",
        "ownership_model": "MULTI_STAKEHOLDER",
        "outcomes": "Its members vote on grants of £100 to £1,000 from its community fund.",
        "lessons": "",
        "trading_status": "trading",
        "trading_status_year": 2018,
        "facts": [
            (
                "legal_form",
                "The community interest company which provides NHS community healthcare services in and around "
                "Kirklees; a membership organisation with employee and community members.",
                2018,
                "LOCALA_FUND",
            ),
            (
                "ownership",
                "Membership is free; members have a say in how it operates through the Members' Council.",
                None,
                "EXAMINER_LOCALA",
            ),
        ],
    },
]


def _add_facts(Source, Fact, case_study, facts):
    keys = []
    for _topic, _statement, _year, key in facts:
        if key not in keys:
            keys.append(key)
    start = (case_study.sources.order_by("-position").values_list("position", flat=True).first() or 0) + 1
    if not case_study.sources.exists():
        start = 0
    sources = {}
    for offset, key in enumerate(keys):
        title, url = SOURCES[key]
        sources[key] = Source.objects.create(
            case_study=case_study, title=title, url=url, date_read=READ_ON, position=start + offset
        )
    for position, (topic, statement, year, key) in enumerate(facts):
        Fact.objects.create(
            case_study=case_study, topic=topic, statement=statement, as_at_year=year, source=sources[key], position=position
        )


def apply(apps, schema_editor):
    CaseStudy = apps.get_model("casestudies", "CaseStudy")
    Source = apps.get_model("casestudies", "Source")
    Fact = apps.get_model("casestudies", "Fact")
    for slug, change in UPDATES.items():
        case_study = CaseStudy.objects.filter(slug=slug).first()
        if case_study is None:
            continue
        for name, value in change["fields"].items():
            setattr(case_study, name, value)
        case_study.save()
        _add_facts(Source, Fact, case_study, change["facts"])
    now = timezone.now()
    for spec in NEW:
        spec = dict(spec)
        facts = spec.pop("facts")
        if CaseStudy.objects.filter(slug=spec["slug"]).exists():
            continue  # an administrator already added it: leave theirs alone
        case_study = CaseStudy.objects.create(**spec, status="published", published_at=now)
        _add_facts(Source, Fact, case_study, facts)


def unapply(apps, schema_editor):
    CaseStudy = apps.get_model("casestudies", "CaseStudy")
    Fact = apps.get_model("casestudies", "Fact")
    Source = apps.get_model("casestudies", "Source")
    CaseStudy.objects.filter(slug__in=[spec["slug"] for spec in NEW]).delete()
    Fact.objects.filter(case_study__slug__in=UPDATES, source__date_read=READ_ON).delete()
    Source.objects.filter(case_study__slug__in=UPDATES, date_read=READ_ON).delete()


class Migration(migrations.Migration):
    dependencies = [("casestudies", "0010_figures_as_at")]

    operations = [migrations.RunPython(apply, unapply)]
