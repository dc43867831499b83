gqlforge::gql! {
    query SubscriptionById($id: Int!) {
        subscription(id: $id) {
            ...SubscriptionFields
        }
    }
}

fn main() {}
