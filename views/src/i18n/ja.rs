//! 日本語の文言。丁寧なビジネス日本語で、回答を誘導しない中立な表現にする。

use super::{
    group_thousands_i64, CategoryLabels, CommonStrings, ErrorStrings, ErrorText, ExitReasonLabels,
    FollowUpStrings, FormErrorStrings, FormStrings, KeywordDetailStrings, KeywordsStrings, PasswordStrings, ResponseStrings, SignInStrings,
    StaffStrings, Strings, ThanksStrings,
};

/// Japanese texts (the default language).
pub const STRINGS: Strings = Strings {
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
        nav_keywords: "キーワード分析",
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
            error_unknown_user: "このメールアドレスの有効なスタッフが見つかりません。",
            error_owner_unchanged: "すでにこの担当者が担当しています。",
            count: follow_up_count,
            event_status: follow_up_status_event,
            event_reassigned: follow_up_reassigned_event,
        },
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
