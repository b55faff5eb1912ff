//! 日本語の文言。丁寧なビジネス日本語で、回答を誘導しない中立な表現にする。

use super::{
    CommonStrings, ErrorStrings, ErrorText, ExitReasonLabels, FormErrorStrings, FormStrings,
    Strings, ThanksStrings,
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
