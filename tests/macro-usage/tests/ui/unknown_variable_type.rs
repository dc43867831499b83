gqlforge::gql! {
    query SubscriptionById($id: SubscriptionId!) {
        subscription(id: $id) {
            id
        }
    }
}

fn main() {}
