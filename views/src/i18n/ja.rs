//! 日本語の文言。丁寧なビジネス日本語で、回答を誘導しない中立な表現にする。

use super::{
    group_thousands_i64, CategoryLabels, CommonStrings, ErrorStrings, ErrorText, ExitReasonLabels,
    FollowUpStrings, FormErrorStrings, FormStrings, KeywordDetailStrings, KeywordsStrings, PasswordStrings, ResponseStrings, SignInStrings,
    StaffStrings, Strings, ThanksStrings,
};
use super::{AccountsStrings, ImportStrings, ReportStrings, StageLabels};
use super::{MailStrings, MailingStrings};
use super::{AnswersStrings, DashboardStrings};

/// Japanese texts (the default language).
pub const STRINGS: Strings = Strings {
    mail: MailStrings {
        subject: |why, answer, account| format!("【{why}】{account}：{answer}"),
        intro_owner: |name| format!("{name}さん\n\n担当のお客さまから、フォローが必要な回答が届きました。"),
        intro_shared_queue: "担当者のいないお客さまから、フォローが必要な回答が届きました。共有キューに入っています。",
        previous_score: |score| format!("（前回 {score}）"),
        survey: "アンケート",
        public_link: "公開リンクからの回答",
        open_case: "対応はこちらから：",
        invitation_subject: |subject| format!("【{subject}】アンケートご協力のお願い（30秒で終わります）"),
        reminder_subject: |subject| format!("【再送】{subject} アンケートご協力のお願い"),
        greeting: |name| format!("{name} 様"),
        greeting_no_name: "お客さま各位",
        pick_a_score: "当てはまる数字をクリックしてください。回答はそのまま送信されず、確認画面が開きます。",
        answer_button: "アンケートに回答する",
        reminder_lead: "先日お送りしたアンケートのご案内です。まだご回答いただいていない場合は、ぜひご協力ください。",
        expires: |date| format!("回答期限：{date}"),
        unsubscribe_lead: "今後アンケートのご案内が不要な場合は、こちらから配信を停止できます。",
        unsubscribe_link: "配信停止",
        sent_by: |org| format!("このメールは{org}がお送りしています。"),
        unsubscribe_title: "アンケートの配信停止",
        unsubscribe_confirm: |email| format!("{email} へのアンケートのご案内を停止します。よろしいですか？"),
        unsubscribe_button: "配信を停止する",
        unsubscribed_title: "配信を停止しました",
        unsubscribed_body: "今後、アンケートのご案内はお送りしません。ご協力ありがとうございました。",
    },
    common: CommonStrings {
        optional: "（任意）",
        error_title_prefix: "入力エラー：",
        error_summary_title: "入力内容をご確認ください",
        subject_fallback: "当社",
        survey_fallback_title: "アンケートのお願い",
    },
    form: FormStrings {
        nps_question,
        nps_low: "まったく薦めない",
        nps_high: "ぜひ薦めたい",
        nps_comment: "そのスコアを付けた最も大きな理由は何ですか？",
        csat_question,
        csat_points: ["非常に不満", "不満", "どちらともいえない", "満足", "非常に満足"],
        csat_comment: "その評価の主な理由をお聞かせください",
        exit_question: "ご解約の主な理由をお選びください",
        exit_comment: "私たちが改善すべきだった点があれば、お聞かせください",
        exit_contact_ok: "今後、担当者から連絡を受けてもよい",
        comment_limit,
        updating: "このリンクからは、すでにご回答をいただいています。送信すると、前回の回答は今回の内容に置き換わります。",
        submit: "送信する",
    },
    form_errors: FormErrorStrings {
        score_missing: "いずれかの数字をお選びください。",
        score_out_of_range,
        comment_too_long,
        comment_invalid_characters: "コメントに使用できない特殊な文字が含まれています。お手数ですが、その文字を削除するか、コメントを入力し直してください。",
        reason_missing: "ご解約の理由を1つお選びください。",
        reason_unknown: "選択された理由を確認できませんでした。一覧からもう一度お選びください。",
        busy: "ただいま混み合っているため、ご回答を保存できませんでした。入力内容はそのまま残っていますので、少し待ってからもう一度送信してください。",
        busy_title: "ただいま混み合っています",
        send_again: "もう一度送信する",
    },
    thanks: ThanksStrings {
        title: "ご回答ありがとうございました",
        body: "いただいたご意見は、今後のサービス改善に役立ててまいります。",
        close_hint: "このページは閉じていただいて構いません。",
        edit: "回答を修正する",
    },
    exit_reasons: ExitReasonLabels {
        price: "価格",
        support_quality: "サポートの品質",
        could_not_use: "使いこなせなかった",
        missing_feature: "必要な機能がない",
        switched_competitor: "他社に乗り換え",
        budget: "予算・事業上の理由",
        other: "その他",
    },
    errors: ErrorStrings {
        bad_request: ErrorText {
            title: "リクエストを処理できませんでした",
            body: "送信された内容に不備があったため、処理できませんでした。",
            action: "お手数ですが、ページを開き直してもう一度お試しください。",
        },
        unauthorized: ErrorText {
            title: "ログインが必要です",
            body: "このページを表示するには、ログインが必要です。",
            action: "ログインしてから、もう一度お開きください。",
        },
        forbidden: ErrorText {
            title: "このページを表示する権限がありません",
            body: "お使いのアカウントでは、このページを表示できません。",
            action: "必要な場合は、管理者にお問い合わせください。",
        },
        not_found: ErrorText {
            title: "ページが見つかりません",
            body: "リンクが正しくないか、このページは存在しません。",
            action: "お手元のリンクが途中で切れていないかご確認のうえ、もう一度お開きください。",
        },
        link_expired: ErrorText {
            title: "このリンクは有効期限が切れています",
            body: "回答期間を過ぎたため、このリンクからはご回答いただけません。",
            action: "ご協力いただき、ありがとうございました。ご意見がございましたら、担当者まで直接お寄せください。",
        },
        survey_closed: ErrorText {
            title: "このアンケートは終了しました",
            body: "このアンケートの受け付けは終了しています。",
            action: "ご協力いただき、ありがとうございました。ご意見がございましたら、担当者まで直接お寄せください。",
        },
        payload_too_large: ErrorText {
            title: "送信内容が大きすぎます",
            body: "送信された内容が大きすぎるため、受け付けられませんでした。",
            action: "コメントを短くしてから、もう一度お試しください。",
        },
        too_many_requests: ErrorText {
            title: "アクセスが集中しています",
            body: "短い時間に多くのリクエストがあったため、一時的に受け付けを制限しています。",
            action: "しばらく時間をおいてから、もう一度お試しください。",
        },
        unavailable: ErrorText {
            title: "ただいまご利用いただけません",
            body: "メンテナンスまたはアクセスの集中により、一時的にご利用いただけない状態です。",
            action: "しばらく時間をおいてから、もう一度お試しください。",
        },
        internal: ErrorText {
            title: "エラーが発生しました",
            body: "申し訳ございません。システムでエラーが発生し、処理を完了できませんでした。",
            action: "しばらく時間をおいてから、もう一度お試しください。",
        },
        request_id: "お問い合わせ番号",
        request_id_hint: "解決しない場合は、この番号を添えてお問い合わせください。",
    },
    staff: StaffStrings {
        product_name: "koe",
        page_title,
        skip_to_content: "本文へ移動",
        nav_label: "メインメニュー",
        nav_follow_ups: "フォローアップ",
        nav_accounts: "取引先",
        nav_keywords: "キーワード分析",
        nav_dashboard: "ダッシュボード",
        account_label: "ログイン中のユーザー",
        role_admin: "管理者",
        role_manager: "マネージャー",
        role_cs: "CS担当",
        sign_out: "ログアウト",
        password_link: "パスワード変更",
        password: PasswordStrings {
            title: "パスワードの変更",
            lead: "変更すると、ほかの端末でのログインはすべて終了します。",
            failed: "パスワードを変更できませんでした",
            current: "現在のパスワード",
            new: "新しいパスワード",
            again: "新しいパスワード（確認）",
            submit: "変更する",
            changed: "パスワードを変更しました。",
            current_wrong: "現在のパスワードが正しくありません。",
            too_short: |min| format!("新しいパスワードは{min}文字以上にしてください。"),
            mismatch: "確認用のパスワードが一致しません。",
        },
        sign_in: SignInStrings {
            title: "ログイン",
            lead: "登録済みのメールアドレスとパスワードを入力してください。",
            failed: "ログインできませんでした",
            email: "メールアドレス",
            password: "パスワード",
            submit: "ログイン",
            invalid_credentials: "メールアドレスまたはパスワードが正しくありません。",
            too_many_attempts,
            expired: "ページを開いてから時間が経過したため、ログインできませんでした。お手数ですが、パスワードを入力し直してください。",
        },
        keywords: KeywordsStrings {
            title: "キーワード分析",
            lead: "コメントによく出てくる語を、その語を含む回答の数で集計しています。語を選ぶと、実際のコメントをご確認いただけます。",
            filters_label: "表示条件",
            survey: "アンケート",
            category: "回答者の区分",
            mode: "集計方法",
            mode_top: "よく出てくる語",
            mode_distinctive: "特徴的な語",
            mode_hint: "「特徴的な語」は、選んだ区分の回答に、それ以外の回答と比べて特に多く出てくる語です。区分を選んでからご利用ください。",
            distinctive_needs_category: "「特徴的な語」を表示するには、回答者の区分を選んでください。",
            from: "開始日",
            to: "終了日",
            submit: "表示",
            kind_nps: "NPS",
            kind_csat: "CSAT",
            kind_exit: "解約",
            survey_option,
            summary,
            table_caption: "キーワード一覧",
            col_rank: "順位",
            col_term: "キーワード",
            col_responses: "言及した回答",
            col_share: "割合",
            col_z: "特徴度（z値）",
            count,
            significant: "有意",
            share_note: "割合は、コメントのある回答のうち、その語を含む回答の割合です。",
            significance_note: "「有意」は、特徴度（z値）の絶対値が1.96以上であり、偶然とは考えにくい差（有意水準5%）であることを示します。",
            not_available: "算出なし",
            no_surveys: "アンケートがまだありません。",
            no_answers: "この条件に当てはまる回答はありません。期間や区分を変えてお試しください。",
            no_keywords: "この条件では、集計できるキーワードがありませんでした。期間や区分を変えてお試しください。",
            invalid_filters: "指定された表示条件はこのアンケートでは使えないため、標準の条件で表示しています。",
            categories: CategoryLabels {
                all: "すべての回答者",
                promoter: "推奨者（9〜10）",
                passive: "中立者（7〜8）",
                detractor: "批判者（0〜6）",
                dissatisfied: "不満（1〜2）",
                neutral: "どちらでもない（3）",
                satisfied: "満足（4〜5）",
            },
        },
        keyword_detail: KeywordDetailStrings {
            heading: keyword_heading,
            back: "キーワード一覧に戻る",
            survey: "アンケート",
            category: "区分",
            period: "期間",
            responses: "この語を含む回答",
            responses_count: count,
            trend_title: "月別の推移",
            trend_note: "棒の高さは、その月のコメントのある回答のうち、この語を含む回答の割合です。",
            trend_summary,
            trend_empty: "この期間には、表示できるデータがありません。",
            trend_table: "数値を表で見る",
            col_month: "月",
            col_responses: "言及した回答",
            col_share: "割合",
            co_title: "一緒に使われている語",
            co_note: "同じコメントの中で、この語と一緒に使われることの多い語です。「倍」は、偶然に一緒に使われる場合と比べた多さ（リフト値）です。",
            co_numbers,
            co_empty: "一緒に使われている語はありません。",
            mentions_title: "コメント（新しい順）",
            mentions_empty: "この条件に当てはまるコメントはありません。",
            open_response: "回答の詳細",
            more: "さらに表示する",
        },
        response: ResponseStrings {
            title: "回答の詳細",
            back: "キーワード分析に戻る",
            survey: "アンケート",
            answered_at: "回答日時",
            score: "スコア",
            reason: "解約理由",
            account: "取引先",
            anonymous: "匿名の回答（公開リンク）",
            contact: "回答者",
            comment: "コメント",
            no_comment: "コメントはありません。",
        },
        dashboard: DashboardStrings {
            title: "ダッシュボード",
            lead: "NPS・CSATの推移、回答率、解約理由と解約率をまとめて確認できます。数値を選ぶと、その数値のもとになった回答を一覧できます。",
            filters_label: "表示条件",
            survey: "アンケート",
            period: "期間",
            from: "開始日",
            to: "終了日",
            interval: "集計単位",
            interval_week: "週ごと",
            interval_month: "月ごと",
            segment: "セグメント",
            plan: "プラン",
            owner: "担当者",
            stage: "ライフサイクル",
            any: "すべて",
            submit: "表示",
            quick_ranges: "期間をすばやく選ぶ：",
            range_30_days: "過去30日",
            range_3_months: "過去3か月",
            range_12_months: "過去12か月",
            range_this_year: "今年",
            no_surveys: "アンケートがまだありません。",
            invalid_filter: dashboard_invalid_filter,
            compared_with: "比較対象",
            nps: "NPS",
            csat: "CSAT",
            answers: dashboard_answers,
            satisfied_of: dashboard_satisfied,
            margin_title: "95%の誤差範囲（Wald）",
            margin_note: "±は95%の誤差範囲（Wald法）です。回答数が少ないほど大きくなります。回答30件未満の値は参考値です。",
            interval_line: dashboard_interval,
            mean_line: dashboard_mean,
            small_sample: "回答30件未満",
            small_sample_short: "30件未満",
            no_answers: "この条件に当てはまる回答はありません。期間や条件を変えてお試しください。",
            change: dashboard_change,
            previous_value: dashboard_previous,
            change_significant: dashboard_significant,
            change_not_significant: dashboard_not_significant,
            change_unavailable: "前の期間に回答がないため、比較できません。",
            points: "ポイント",
            percentage_points: "ポイント",
            chart_nps: "NPSの推移",
            chart_nps_desc: dashboard_nps_desc,
            chart_mix: "推奨者・中立者・批判者の割合",
            chart_mix_desc: dashboard_mix_desc,
            chart_csat: "CSATの推移",
            chart_csat_desc: dashboard_csat_desc,
            chart_unavailable: "グラフを表示できませんでした。数値は下の表でご確認ください。",
            legend_interval: "95%信頼区間",
            legend_small_sample: "回答30件未満",
            legend_promoters: "推奨者",
            legend_passives: "中立者",
            legend_detractors: "批判者",
            nps_table: "期間別のNPS",
            csat_table: "期間別のCSAT",
            col_period: "期間",
            col_n: "回答数",
            col_margin: "誤差（±）",
            col_interval: "95%信頼区間",
            col_top2: "満足（4〜5）の割合",
            col_mean: "平均",
            download: "ダウンロード：",
            download_svg: "グラフ（SVG）",
            download_csv: "データ（CSV）",
            response_rate: "回答率",
            rate_line: dashboard_rate,
            rate_note: "依頼メールから届いた回答の割合です。公開リンクからの回答は含みません。",
            by_period: "期間別に見る",
            col_sent: "依頼数",
            col_answered: "回答された依頼",
            col_rate: "回答率",
            exit_reasons: "解約理由",
            col_reason: "理由",
            col_answers: "件数",
            col_share: "割合",
            col_mrr_lost: "失われたMRR",
            comments: "コメントを見る",
            export: "回答のエクスポート",
            open_answers: "回答を一覧する",
            export_csv: "CSVでダウンロード",
            export_excel: "Excel用CSVでダウンロード",
            churn: "解約率（月別）",
            churn_note: "MRRは月初時点の値、失われたMRRは解約直前の値です。ライフサイクルの条件は解約率には適用されません（解約した顧客は「解約済み」になるため）。",
            col_month: "月",
            col_accounts: "月初の顧客数",
            col_churned: "解約数",
            col_customer_churn: "顧客解約率",
            col_mrr_start: "月初のMRR",
            col_revenue_churn: "売上解約率",
            yen: dashboard_yen,
        },
        answers: AnswersStrings {
            title: "回答一覧",
            back: "ダッシュボードに戻る",
            survey: "アンケート",
            period: "期間",
            group: "区分",
            all: "すべて",
            total: dashboard_total,
            col_answered_at: "回答日時",
            col_score: "スコア・理由",
            col_comment: "コメント",
            col_account: "顧客",
            no_comment: "（コメントなし）",
            anonymous: "（匿名）",
            more: "さらに表示する",
            none: "この条件に当てはまる回答はありません。",
            export_csv: "CSVでダウンロード",
            export_excel: "Excel用CSVでダウンロード",
        },
        follow_ups: FollowUpStrings {
            title: "フォローアップ",
            lead_mine: "担当中の未対応・連絡済みの案件です。期限の近い順（期限切れが先頭）に並んでいます。",
            lead_all: "全員の未対応・連絡済みの案件です。期限の近い順（期限切れが先頭）に並んでいます。",
            lead_shared: "担当者のいない取引先の案件です。担当者を決めて対応してください。",
            filters_label: "表示条件",
            scope: "表示する案件",
            scope_mine: "自分の担当",
            scope_all: "すべて",
            scope_shared: "共有キュー（担当者なし）",
            show: "表示",
            none: "対応が必要なフォローアップはありません。",
            due_at: "期限",
            status: "状況",
            trigger: "きっかけ",
            score: "スコア",
            comment: "コメント",
            account: "取引先",
            contact: "回答者",
            owner: "担当者",
            overdue: "期限切れ",
            no_comment: "（コメントなし）",
            shared_queue: "共有キュー",
            trigger_detractor: "批判者",
            trigger_low_csat: "CSAT低評価",
            trigger_exit: "解約アンケート",
            trigger_score_drop: "スコア低下",
            status_open: "未対応",
            status_contacted: "連絡済み",
            status_resolved: "解決済み",
            status_wont_fix: "対応見送り",
            back: "フォローアップ一覧に戻る",
            case_title: "フォローアップの詳細",
            error_title: "更新できませんでした",
            customer: "お客さま",
            email: "メールアドレス",
            answered_at: "回答日時",
            outcome: "結果",
            update_title: "状況の更新",
            new_status: "新しい状況",
            note: "メモ",
            note_hint: "（対応見送りの場合は必須）",
            optional: "（任意）",
            note_only: "メモのみ残す（状況は変更しない）",
            error_note_empty: "メモをご記入ください。",
            update: "更新する",
            take_title: "共有キューの案件",
            take_lead: "この案件には担当者がいません。ご自身の担当にすると、対応を記録できます。",
            take: "自分の担当にする",
            reassign_title: "担当者の変更",
            owner_email: "新しい担当者のメールアドレス",
            owner_email_hint: "（空欄にすると共有キューに戻します）",
            reassign: "担当者を変更する",
            recent_title: "この取引先の最近の回答",
            recent_none: "ほかの回答はありません。",
            history_title: "対応履歴",
            system: "koe（自動）",
            event_created: "回答をもとに案件が作成されました。",
            event_note: "メモを追加しました。",
            error_note_required: "対応見送りにする場合は、理由をメモにご記入ください。",
            error_not_allowed: "この状況には変更できません。",
            error_unchanged: "すでにこの状況です。",
            error_too_long: "メモと結果は2,000文字以内でご記入ください。",
            error_invalid_characters: "メモと結果に制御文字や文字の向きを変える記号は使えません。",
            error_unknown_user: "このメールアドレスの有効なスタッフが見つかりません。",
            error_owner_unchanged: "すでにこの担当者が担当しています。",
            count: follow_up_count,
            event_status: follow_up_status_event,
            event_reassigned: follow_up_reassigned_event,
        },
        accounts: ACCOUNTS,
        report: REPORT,
        import: IMPORT,
        mailings: MAILINGS,
    },
};

fn nps_question(subject: &str) -> String {
    format!("{subject}を友人や同僚に薦める可能性は、どのくらいありますか？")
}

fn csat_question(subject: &str) -> String {
    format!("今回の{subject}の対応に、どの程度満足されましたか？")
}

fn comment_limit(max: usize) -> String {
    format!("{max}文字以内")
}

fn score_out_of_range(min: i16, max: i16) -> String {
    format!("{min}〜{max}の中からお選びください。")
}

fn comment_too_long(max: usize, actual: usize) -> String {
    format!("コメントは{max}文字以内でご入力ください（現在{actual}文字）。")
}

fn page_title(page: &str) -> String {
    format!("{page}｜koe")
}

fn too_many_attempts(minutes: u32) -> String {
    format!(
        "ログインの試行回数が上限に達したため、一時的にログインを制限しています。{}分ほど時間をおいてから、もう一度お試しください。",
        minutes.max(1)
    )
}

fn survey_option(name: &str, kind: &str) -> String {
    format!("{name}（{kind}）")
}

fn summary(answers: i64, with_terms: i64) -> String {
    format!(
        "回答 {} 件のうち、コメントあり {} 件",
        group_thousands_i64(answers),
        group_thousands_i64(with_terms)
    )
}

fn count(n: i64) -> String {
    format!("{}件", group_thousands_i64(n))
}

fn keyword_heading(term: &str) -> String {
    format!("「{term}」を含むコメント")
}

fn trend_summary(first: &str, last: &str, peak: &str, share: &str, count: i64) -> String {
    format!(
        "{first}から{last}までの月別の推移。最も割合が高いのは{peak}で、{share}（{}件）です。",
        group_thousands_i64(count)
    )
}

fn co_numbers(count: i64, lift: f64) -> String {
    format!("{}件・{lift:.1}倍", group_thousands_i64(count))
}

fn follow_up_count(cases: usize, overdue: usize) -> String {
    if overdue == 0 {
        format!("{cases}件")
    } else {
        format!("{cases}件（うち期限切れ {overdue}件）")
    }
}

fn follow_up_status_event(from: &str, to: &str) -> String {
    format!("状況を「{from}」から「{to}」に変更しました。")
}

fn follow_up_reassigned_event(from: &str, to: &str) -> String {
    format!("担当者を{from}から{to}に変更しました。")
}

const ACCOUNTS: AccountsStrings = AccountsStrings {
    title: "取引先",
    lead: "取引先ごとの最新のNPS、未完了のフォローアップ、最後の活動からの日数です。",
    filters_label: "絞り込み",
    search: "取引先名・外部ID",
    owner: "担当者",
    any: "すべて",
    no_owner: "担当者なし",
    segment: "セグメント",
    plan: "プラン",
    stage: "ステージ",
    dormant_only: "休眠中のみ",
    show: "表示",
    none: "条件に合う取引先はありません。",
    count: |n| format!("{}社", group_thousands_i64(n)),
    col_name: "取引先",
    col_nps: "最新のNPS",
    col_follow_ups: "未完了のフォローアップ",
    col_activity: "最後の活動",
    direction_up: "前回より上昇",
    direction_down: "前回より低下",
    direction_same: "前回と同じ",
    direction_first: "初回の回答",
    no_nps: "回答なし",
    days_ago: |days| format!("{}日前", group_thousands_i64(days)),
    dormant: "休眠",
    dormant_note: |days| format!("最後の活動（回答、または顧客管理システム上の活動）から{days}日を超えた取引先を「休眠」としています。"),
    previous_page: "前へ",
    next_page: "次へ",
    page_of: |page, pages| format!("{page} / {pages} ページ"),
    import_link: "ファイルから取り込む",
    stages: StageLabels {
        lead: "リード",
        prospect: "見込み客",
        customer: "顧客",
        repeater: "リピーター",
        fan: "ファン",
        ambassador: "アンバサダー",
        alumni: "解約済み",
    },
    back: "取引先一覧に戻る",
    external_id: "外部ID",
    mrr: "月額売上",
    yen: |amount| format!("{}円", group_thousands_i64(amount)),
    last_activity: "最後の活動",
    active: "活動中",
    chart_title: "スコアの推移",
    chart_summary: |n, first, last| format!("{first}から{last}までの{n}件の回答のスコア。"),
    chart_empty: "スコアのある回答はまだありません。",
    chart_table: "グラフの数値を表で見る",
    col_answered_at: "回答日時",
    col_survey: "アンケート",
    col_score: "スコア",
    col_contact: "回答者",
    comments_title: "コメント",
    comments_none: "コメントはありません。",
    follow_ups_title: "フォローアップ",
    follow_ups_none: "この取引先のフォローアップはありません。",
    col_status: "状況",
    col_trigger: "きっかけ",
    col_created_at: "作成日時",
    col_due_at: "期限",
    exit_title: "解約アンケートの回答",
    exit_reason: "理由",
    open_answer: "回答を開く",
};

const REPORT: ReportStrings = ReportStrings {
    title: "フォローアップの状況",
    lead: "月と担当者ごとに、低評価の回答へのフォローアップがどれだけ速く、期限内に行われたかを示します。",
    filters_label: "表示条件",
    month: "月",
    last_twelve_months: "直近12か月",
    show: "表示",
    none: "この期間に作成されたフォローアップはありません。",
    col_month: "月",
    col_owner: "担当者",
    col_cases: "案件",
    col_unfinished: "未完了",
    col_overdue: "期限切れ（未対応）",
    col_median: "初回連絡までの時間（中央値）",
    col_rate: "期限内の連絡率",
    shared_queue: "共有キュー",
    hours: |hours| format!("{hours:.1}時間"),
    not_available: "—",
    rate_note: "期限内の連絡率は、期限を過ぎた案件と連絡済みの案件のうち、期限までに初回連絡をした割合です。",
    report_link: "フォローアップの状況（月別・担当者別）",
};

const MAILINGS: MailingStrings = MailingStrings {
    title: "アンケート配信",
    lead: "アンケートを、セグメントの取引先担当者またはCSVファイルのアドレスへメールで送ります。配信停止した方、最近依頼した方、すでに回答待ちの方には送らず、理由を一覧にします。",
    survey: "アンケート",
    audience: "送り先",
    audience_segment: "セグメントの全担当者",
    audience_file: "CSVファイルのアドレス（email列）",
    file_hint: |mb| format!("UTF-8またはShift_JIS、{mb}MBまで"),
    send: "送信を始める",
    recent_title: "最近の配信",
    none: "まだ配信はありません。",
    col_created: "開始",
    col_progress: "進み具合",
    col_invited: "依頼済み",
    col_refused: "送らなかった宛先",
    col_email: "メールアドレス",
    col_reason: "理由",
    progress: |done, total| format!("{done} / {total}件"),
    running: "送信中",
    finished: "完了",
    refreshes: "このページは送信が終わるまで数秒ごとに更新されます。",
    summary: |invited, refused| format!("依頼 {invited}件、送らなかった宛先 {refused}件"),
    back: "配信の一覧へ",
    segment_named: |name| format!("セグメント「{name}」"),
    file_named: |name| format!("ファイル「{name}」"),
    refused_title: "送らなかった宛先",
    reason_unsubscribed: "配信停止済み",
    reason_throttled_contact: "最近ほかのアンケートを依頼済み",
    reason_throttled_account: "この取引先への今月の依頼が上限に達しています",
    reason_already_invited: "このアンケートの回答待ち",
    reason_unknown_contact: "登録されていないアドレス",
    reason_invalid_email: "メールアドレスの形式ではありません",
    reason_other: "送れませんでした",
    available_from: |at| format!("（{at}から送れます）"),
    error_title: "配信を始められませんでした",
    error_no_survey: "アンケートを選んでください。",
    error_no_segment: "セグメントを選んでください。",
    error_no_file: "CSVファイルを選んでください。",
    error_too_large: |mb| format!("ファイルは{mb}MBまでです。"),
    error_encoding: "ファイルの文字コードを読めません。UTF-8またはShift_JISで保存してください。",
    error_no_email_column: "CSVファイルにemail列がありません。",
    error_unreadable: "CSVファイルとして読めません。",
    error_no_recipients: "送り先がいません（セグメントに担当者がいないか、ファイルにアドレスがありません）。",
    error_too_many: "1回の配信は10万件までです。",
    error_survey_closed: "このアンケートは終了しています。",
    link: "アンケートを配信する",
};

const IMPORT: ImportStrings = ImportStrings {
    title: "ファイルから取り込む",
    lead: "顧客管理システムや表計算ソフトから書き出したファイル（カンマ区切り）を取り込みます。文字コードは自動で判別します。1行でも問題があれば、何も書き込みません。",
    kind: "取り込むデータ",
    kind_accounts: "取引先",
    kind_contacts: "連絡先",
    file: "ファイル",
    file_hint: |mb| format!("{mb}メガバイトまで"),
    dry_run: "確認だけする（書き込まない）",
    import: "取り込む",
    would_import: |created, updated| format!("問題はありません。取り込むと、新規{created}件・更新{updated}件になります（まだ書き込んでいません）。"),
    imported: |created, updated| format!("取り込みました：新規{created}件・更新{updated}件。"),
    error_title: "取り込めませんでした",
    rows_refused: |rows| format!("{rows}行に問題があるため、何も書き込んでいません。修正してから、もう一度お試しください。"),
    col_line: "行",
    col_problem: "問題",
    no_file: "ファイルを選んでください。",
    too_large: |mb| format!("ファイルが大きすぎます。{mb}メガバイトまでのファイルを選んでください。"),
    encoding: "ファイルの文字コードを判別できません。UTF-8またはShift_JISで保存し直してください。",
    header: "1行目の見出しを読み取れません。",
    missing_column: |column| format!("見出しに「{column}」の列がありません。"),
    unreadable_row: "行を読み取れません。列の数や引用符をご確認ください。",
    not_a_number: |column| format!("「{column}」は半角の整数で入力してください。"),
    required: |column| format!("「{column}」が空です。"),
    too_long: |column| format!("「{column}」が長すぎます。"),
    invalid_characters: |column| format!("「{column}」に使用できない文字が含まれています。"),
    invalid_email: |column| format!("「{column}」がメールアドレスの形式になっていません。"),
    negative: |column| format!("「{column}」は0以上で入力してください。"),
    unknown_owner: "「owner_email」のメールアドレスのスタッフが見つかりません。",
    unknown_account: "「account_external_id」の取引先が見つかりません。先に取引先を取り込んでください。",
    unsupported_locale: "「locale」はjaまたはenで入力してください。",
    refused: "この行は取り込めません。",
};

fn dashboard_invalid_filter(field: &str) -> String {
    format!("「{field}」の指定を読み取れませんでした。正しい値を選び直してください。")
}

fn dashboard_answers(n: i64) -> String {
    format!("回答 {} 件", group_thousands_i64(n))
}

fn dashboard_satisfied(n: i64) -> String {
    format!("満足 {} 件", group_thousands_i64(n))
}

fn dashboard_interval(low: &str, high: &str) -> String {
    format!("95%信頼区間：{low}〜{high}")
}

fn dashboard_mean(mean: &str) -> String {
    format!("平均 {mean}（5点満点）")
}

fn dashboard_change(points: &str, unit: &str) -> String {
    format!("前の期間から {points} {unit}")
}

fn dashboard_previous(value: &str) -> String {
    format!("（前の期間：{value}）")
}

fn dashboard_significant(margin: &str) -> String {
    format!("変化は誤差（±{margin}）より大きく、偶然とは考えにくい変化です。")
}

fn dashboard_not_significant(margin: &str) -> String {
    format!("変化は誤差（±{margin}）の範囲内で、偶然の揺れかもしれません。")
}

fn dashboard_nps_desc(first: &str, first_nps: &str, last: &str, last_nps: &str) -> String {
    format!("{first}のNPSは{first_nps}、{last}は{last_nps}です。帯は95%信頼区間、白抜きの点は回答30件未満の期間です。")
}

fn dashboard_mix_desc(periods: usize) -> String {
    format!("{periods}期間それぞれの推奨者・中立者・批判者の割合を、合計100%の積み上げ棒で示します。")
}

fn dashboard_csat_desc(periods: usize) -> String {
    format!("{periods}期間それぞれの満足（4〜5）の割合です。薄い棒は回答30件未満の期間です。")
}

fn dashboard_rate(sent: i64, answered: i64, rate: &str) -> String {
    format!("依頼 {} 件のうち {} 件に回答（回答率 {rate}）", group_thousands_i64(sent), group_thousands_i64(answered))
}

fn dashboard_yen(amount: i64) -> String {
    format!("{}円", group_thousands_i64(amount))
}

fn dashboard_total(n: i64) -> String {
    format!("該当する回答 {} 件", group_thousands_i64(n))
}
